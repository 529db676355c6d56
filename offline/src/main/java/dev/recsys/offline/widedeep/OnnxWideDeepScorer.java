package dev.recsys.offline.widedeep;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.widedeep.TensorSpec;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores {@link WideDeepBatch}es with an exported model in ONNX Runtime (CPU), the way a serving
 * process would, after checking that the model's declared inputs and output are the encoder's
 * contract. Used to evaluate what was written rather than what is in memory.
 *
 * <p>Thread-safe (ONNX Runtime sessions are); {@link #close()} once.
 */
public final class OnnxWideDeepScorer implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final Path file;

  /**
   * Loads {@code file} and checks its signature against {@code encoder}.
   *
   * @throws IllegalArgumentException when ONNX Runtime cannot load the file or the signature differs
   */
  public OnnxWideDeepScorer(Path file, WideDeepEncoder encoder, int threads) {
    this.file = file;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      session = env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException(file + ": ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
    List<String> problems = signatureProblems(session, encoder);
    if (!problems.isEmpty()) {
      close();
      throw new IllegalArgumentException(file + ": the model's signature differs from the " + WideDeepEncoder.CONTRACT
          + " contract: " + String.join("; ", problems));
    }
    String want = Sha256.of(encoder.spec().toJson().getBytes(StandardCharsets.UTF_8));
    String has = metadata().getOrDefault(WideDeepOnnx.META_SPEC_SHA256, "<none>");
    if (!has.equals(want)) {
      close();
      throw new IllegalArgumentException(file + ": the model was trained with the transform spec of sha256 " + has
          + ", but the given spec has sha256 " + want + "; serve it with the transform_spec.json written next to it");
    }
  }

  /** Differences between the session's inputs/output and the contract; empty when they match. */
  static List<String> signatureProblems(OrtSession session, WideDeepEncoder encoder) {
    List<String> problems = new ArrayList<>();
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      List<String> expectedNames = encoder.inputs().stream().map(TensorSpec::name).toList();
      if (!new ArrayList<>(inputs.keySet()).equals(expectedNames)) {
        problems.add("inputs are " + inputs.keySet() + ", expected " + expectedNames);
      }
      for (TensorSpec t : encoder.inputs()) {
        NodeInfo info = inputs.get(t.name());
        if (info == null || !(info.getInfo() instanceof TensorInfo ti)) {
          continue;
        }
        OnnxJavaType want = t.type() == TensorSpec.DataType.INT64 ? OnnxJavaType.INT64 : OnnxJavaType.FLOAT;
        if (ti.type != want || !Arrays.equals(ti.getShape(), t.shape())) {
          problems.add(t.name() + " is " + ti.type + " " + Arrays.toString(ti.getShape()) + ", expected " + want + " "
              + Arrays.toString(t.shape()));
        }
      }
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      NodeInfo out = outputs.get(WideDeepEncoder.OUTPUT);
      if (outputs.size() != 1 || out == null || !(out.getInfo() instanceof TensorInfo oi)
          || oi.type != OnnxJavaType.FLOAT || !Arrays.equals(oi.getShape(), new long[] {-1, 1})) {
        problems.add("outputs are " + outputs.values() + ", expected one " + WideDeepEncoder.OUTPUT + " FLOAT [-1, 1]");
      }
    } catch (OrtException e) {
      problems.add("ONNX Runtime cannot describe the model: " + e.getMessage());
    }
    return problems;
  }

  /** The custom metadata properties the model carries. */
  public Map<String, String> metadata() {
    try {
      return session.getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new IllegalStateException(file + ": cannot read metadata: " + e.getMessage(), e);
    }
  }

  /** Probabilities of all rows, run in chunks of at most {@code chunk} rows. */
  public float[] score(WideDeepBatch batch, int chunk) {
    int n = batch.rows();
    float[] out = new float[n];
    int c = WideDeepEncoder.CATEGORICAL_FIELDS.size();
    int w = WideDeepEncoder.WIDE_FIELDS.size();
    int d = WideDeepEncoder.DENSE_FIELDS.size();
    for (int from = 0; from < n; from += chunk) {
      int rows = Math.min(chunk, n - from);
      Map<String, OnnxTensor> in = new HashMap<>();
      try {
        in.put(WideDeepEncoder.CATEGORICAL, OnnxTensor.createTensor(env,
            LongBuffer.wrap(batch.categorical(), from * c, rows * c).slice(), new long[] {rows, c}));
        in.put(WideDeepEncoder.WIDE, OnnxTensor.createTensor(env,
            LongBuffer.wrap(batch.wide(), from * w, rows * w).slice(), new long[] {rows, w}));
        in.put(WideDeepEncoder.DENSE, OnnxTensor.createTensor(env,
            FloatBuffer.wrap(batch.dense(), from * d, rows * d).slice(), new long[] {rows, d}));
        try (OrtSession.Result result = session.run(in)) {
          float[][] p = (float[][]) result.get(0).getValue();
          for (int r = 0; r < rows; r++) {
            out[from + r] = p[r][0];
          }
        }
      } catch (OrtException e) {
        throw new IllegalStateException(file + ": ONNX Runtime failed to score rows " + from + ".." + (from + rows)
            + ": " + e.getMessage(), e);
      } finally {
        in.values().forEach(OnnxTensor::close);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(file + ": cannot close the ONNX Runtime session: " + e.getMessage(), e);
    }
  }
}
