package dev.recsys.offline.widedeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.widedeep.TensorSpec;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import dev.recsys.transform.widedeep.WideDeepSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WideDeepOnnxTest {

  @TempDir static Path dir;
  static SmallData data;
  static WideDeepModel model;
  static Path onnx;
  static String specSha;

  @BeforeAll
  static void trainAndExport() {
    data = SmallData.get();
    model = new WideDeepTrainer(WideDeepConfig.defaults().withEpochs(1).withThreads(1))
        .train(data.encoder, data.trainRows, null);
    specSha = Sha256.of(data.encoder.spec().toJson().getBytes(StandardCharsets.UTF_8));
    onnx = dir.resolve("model.onnx");
    WideDeepOnnx.write(model, data.encoder, specSha, onnx);
  }

  /** Random rows: every index inside its field's range (0 = OOV included), dense values N(0, 2^2). */
  static WideDeepBatch randomBatch(WideDeepEncoder encoder, int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    WideDeepBatch b = new WideDeepBatch(rows);
    List<Integer> cat = encoder.input(WideDeepEncoder.CATEGORICAL).cardinalities();
    List<Integer> wide = encoder.input(WideDeepEncoder.WIDE).cardinalities();
    int d = WideDeepEncoder.DENSE_FIELDS.size();
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < cat.size(); f++) {
        b.categorical()[r * cat.size() + f] = rng.nextInt(cat.get(f));
      }
      for (int f = 0; f < wide.size(); f++) {
        b.wide()[r * wide.size() + f] = rng.nextInt(wide.get(f));
      }
      for (int f = 0; f < d; f++) {
        b.dense()[r * d + f] = (float) (2 * (rng.nextDouble() - 0.5) * 3.4);
      }
    }
    return b;
  }

  @Test
  void onnxRuntimeGivesTheJavaForwardPassWithin1e5() {
    try (OnnxWideDeepScorer scorer = new OnnxWideDeepScorer(onnx, data.encoder, 1)) {
      for (WideDeepBatch batch : List.of(randomBatch(data.encoder, 2000, 1), data.testBatch)) {
        float[] java = model.predict(batch);
        float[] ort = scorer.score(batch, 333); // several chunks, the last one partial
        assertThat(ort).hasSameSizeAs(java);
        float max = 0;
        for (int i = 0; i < java.length; i++) {
          max = Math.max(max, Math.abs(java[i] - ort[i]));
        }
        assertThat(max).isLessThan(1e-5f);
        float lo = 1;
        float hi = 0;
        for (float p : java) {
          lo = Math.min(lo, p);
          hi = Math.max(hi, p);
        }
        assertThat(hi - lo).as("the probabilities spread, so the comparison means something").isGreaterThan(0.3f);
      }
    }
  }

  @Test
  void declaredInputsAndOutputAreExactlyTheEncoderContract() throws Exception {
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(onnx));
    assertThat(proto.getIrVersion()).isEqualTo(8);
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(17);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      List<TensorSpec> contract = data.encoder.inputs();
      assertThat(new ArrayList<>(inputs.keySet())).containsExactly("categorical", "wide", "dense");
      for (TensorSpec t : contract) {
        TensorInfo info = (TensorInfo) inputs.get(t.name()).getInfo();
        assertThat(info.type).as(t.name())
            .isEqualTo(t.type() == TensorSpec.DataType.INT64 ? OnnxJavaType.INT64 : OnnxJavaType.FLOAT);
        assertThat(info.getShape()).as(t.name()).containsExactly(-1, t.width());
      }
      TensorInfo out = (TensorInfo) session.getOutputInfo().get(WideDeepEncoder.OUTPUT).getInfo();
      assertThat(session.getOutputInfo()).hasSize(1);
      assertThat(out.type).isEqualTo(OnnxJavaType.FLOAT);
      assertThat(out.getShape()).containsExactly(-1, 1);
      assertThat(OnnxWideDeepScorer.signatureProblems(session, data.encoder)).isEmpty();
      assertThat(session.getMetadata().getCustomMetadata())
          .containsEntry(WideDeepOnnx.META_CONTRACT, WideDeepEncoder.CONTRACT)
          .containsEntry(WideDeepOnnx.META_SPEC_SHA256, specSha);
    }
  }

  @Test
  void aModelWithAnotherSignatureIsRefusedNamingTheDifference() throws Exception {
    // probability = Sigmoid(ReduceSum(dense)): one input, of the wrong width.
    ValueInfoProto dense = ValueInfoProto.newBuilder().setName("dense").setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(
            TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(5))))).build();
    ValueInfoProto out = ValueInfoProto.newBuilder().setName("probability").setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()))).build();
    GraphProto graph = GraphProto.newBuilder().setName("other").addInput(dense).addOutput(out)
        .addInitializer(TensorProto.newBuilder().setName("axes").setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(1).addInt64Data(1))
        .addNode(NodeProto.newBuilder().setOpType("ReduceSum").addInput("dense").addInput("axes").addOutput("s"))
        .addNode(NodeProto.newBuilder().setOpType("Sigmoid").addInput("s").addOutput("probability"))
        .build();
    Path other = dir.resolve("other.onnx");
    Files.write(other, ModelProto.newBuilder().setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build().toByteArray());
    assertThatThrownBy(() -> new OnnxWideDeepScorer(other, data.encoder, 1))
        .hasMessageStartingWith(other + ": the model's signature differs from the widedeep-v1 contract")
        .hasMessageContaining("inputs are [dense], expected [categorical, wide, dense]")
        .hasMessageContaining("dense is FLOAT [-1, 5], expected FLOAT [-1, 7]");

    Path garbage = dir.resolve("garbage.onnx");
    Files.writeString(garbage, "not a model");
    assertThatThrownBy(() -> new OnnxWideDeepScorer(garbage, data.encoder, 1))
        .hasMessageStartingWith(garbage + ": ONNX Runtime cannot load the model");
  }

  @Test
  void aModelServedWithAnotherTransformSpecIsRefused() {
    WideDeepEncoder.FitOptions d = WideDeepEncoder.FitOptions.defaults();
    WideDeepSpec other = WideDeepEncoder.fit(data.tables.users(), data.tables.items(), data.train.users(),
        data.train.items(), data.train.timestamps(), new WideDeepEncoder.FitOptions(d.userMinCount(),
            d.itemMinCount(), d.yearBuckets(), 8, d.crossBuckets(), d.ctrPrior()));
    assertThatThrownBy(() -> new OnnxWideDeepScorer(onnx, new WideDeepEncoder(other), 1))
        .hasMessageStartingWith(onnx + ": the model was trained with the transform spec of sha256 " + specSha)
        .hasMessageContaining("serve it with the transform_spec.json written next to it");
  }
}
