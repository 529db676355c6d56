package dev.recsys.offline.widedeep;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.recsys.transform.widedeep.TensorSpec;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link WideDeepModel} as an ONNX model (IR version {@value #IR_VERSION},
 * opset {@value #OPSET}) whose inputs are exactly the encoder's contract ({@code categorical}
 * int64 [N, 7], {@code wide} int64 [N, 6], {@code dense} float32 [N, 7]) and whose output is
 * {@code probability} float32 [N, 1]. The graph is the model's forward pass written with
 * standard operators:
 *
 * <pre>
 * emb   = Gather(embeddings, categorical + field offsets)           [N, 7, E]
 * p_k   = Gather(emb, a_k, axis 1) * Gather(emb, b_k, axis 1)        [N, E]
 * x     = Concat(Reshape(emb, [-1, 7E]), p_0 .. p_K-1, dense)       [N, in]
 * deep  = Relu(Relu(x W1 + b1) W2 + b2) W3 + b3                     [N, 1]
 * fm    = ReduceSum(Concat(p_0 .. p_K-1), axis 1)                   [N, 1]
 * wide  = ReduceSum(Gather(wide_weights, wide + field offsets), 1)  [N, 1]
 * probability = Sigmoid(deep + fm + wide)
 * </pre>
 *
 * Metadata properties record the contract version and the sha256 of the transform spec the
 * model must be served with.
 */
public final class WideDeepOnnx {

  public static final long IR_VERSION = 8;
  public static final long OPSET = 17;
  /** Metadata key of the contract version, e.g. widedeep-v1. */
  public static final String META_CONTRACT = "recsys.contract";
  /** Metadata key of the transform spec's sha256 (hex). */
  public static final String META_SPEC_SHA256 = "recsys.transform_spec_sha256";

  private WideDeepOnnx() {}

  /** The ONNX model of {@code model}; {@code specSha256} names the spec file it needs. */
  public static ModelProto build(WideDeepModel model, WideDeepEncoder encoder, String specSha256) {
    Graph g = new Graph();
    TensorSpec catSpec = encoder.input(WideDeepEncoder.CATEGORICAL);
    TensorSpec wideSpec = encoder.input(WideDeepEncoder.WIDE);
    TensorSpec denseSpec = encoder.input(WideDeepEncoder.DENSE);
    checkShape(model, catSpec, wideSpec, denseSpec);
    for (TensorSpec t : encoder.inputs()) {
      g.graph.addInput(valueInfo(t.name(), t.type() == TensorSpec.DataType.INT64
          ? TensorProto.DataType.INT64 : TensorProto.DataType.FLOAT, t.width()));
    }
    g.graph.addOutput(valueInfo(WideDeepEncoder.OUTPUT, TensorProto.DataType.FLOAT, 1));

    int fields = model.catCardinality.length;
    int dim = model.dim;
    g.longs("cat_offsets", new long[] {fields}, offsetsOf(model.catOffset));
    g.floats("embeddings", new long[] {model.catOffset[fields], dim}, model.embeddings);
    g.node("Add", List.of(WideDeepEncoder.CATEGORICAL, "cat_offsets"), "cat_rows");
    g.node("Gather", List.of("embeddings", "cat_rows"), "emb", intAttr("axis", 0));
    g.longs("emb_flat_shape", new long[] {2}, new long[] {-1, (long) fields * dim});
    g.node("Reshape", List.of("emb", "emb_flat_shape"), "emb_flat");

    List<String> products = new ArrayList<>();
    Map<Integer, String> fieldEmb = new LinkedHashMap<>();
    for (int k = 0; k < model.pairs.length; k++) {
      String a = fieldEmbedding(g, fieldEmb, model.pairs[k][0], catSpec);
      String b = fieldEmbedding(g, fieldEmb, model.pairs[k][1], catSpec);
      String p = "product_" + k;
      g.node("Mul", List.of(a, b), p);
      products.add(p);
    }
    List<String> concat = new ArrayList<>();
    concat.add("emb_flat");
    concat.addAll(products);
    concat.add(WideDeepEncoder.DENSE);
    g.node("Concat", concat, "x", intAttr("axis", 1));

    g.floats("w1", new long[] {model.inputWidth, model.hidden1}, model.w1);
    g.floats("b1", new long[] {model.hidden1}, model.b1);
    g.floats("w2", new long[] {model.hidden1, model.hidden2}, model.w2);
    g.floats("b2", new long[] {model.hidden2}, model.b2);
    g.floats("w3", new long[] {model.hidden2, 1}, model.w3);
    g.floats("b3", new long[] {1}, model.b3);
    g.node("MatMul", List.of("x", "w1"), "x_w1");
    g.node("Add", List.of("x_w1", "b1"), "z1");
    g.node("Relu", List.of("z1"), "h1");
    g.node("MatMul", List.of("h1", "w2"), "h1_w2");
    g.node("Add", List.of("h1_w2", "b2"), "z2");
    g.node("Relu", List.of("z2"), "h2");
    g.node("MatMul", List.of("h2", "w3"), "h2_w3");
    g.node("Add", List.of("h2_w3", "b3"), "deep");

    g.longs("sum_axes", new long[] {1}, new long[] {1});
    String logit;
    if (products.isEmpty()) {
      logit = "deep";
    } else {
      g.node("Concat", products, "products", intAttr("axis", 1));
      g.node("ReduceSum", List.of("products", "sum_axes"), "fm", intAttr("keepdims", 1));
      g.node("Add", List.of("deep", "fm"), "deep_fm");
      logit = "deep_fm";
    }
    int wideFields = model.wideCardinality.length;
    g.longs("wide_offsets", new long[] {wideFields}, offsetsOf(model.wideOffset));
    g.floats("wide_weights", new long[] {model.wideOffset[wideFields]}, model.wideWeights);
    g.node("Add", List.of(WideDeepEncoder.WIDE, "wide_offsets"), "wide_rows");
    g.node("Gather", List.of("wide_weights", "wide_rows"), "wide_terms", intAttr("axis", 0));
    g.node("ReduceSum", List.of("wide_terms", "sum_axes"), "wide_sum", intAttr("keepdims", 1));
    g.node("Add", List.of(logit, "wide_sum"), "logit");
    g.node("Sigmoid", List.of("logit"), WideDeepEncoder.OUTPUT);

    g.graph.setName("widedeep");
    g.graph.setDocString("Wide&Deep click model over the " + WideDeepEncoder.CONTRACT + " inputs");
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("recsys-offline")
        .setProducerVersion(WideDeepEncoder.CONTRACT)
        .setModelVersion(1)
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey(META_CONTRACT).setValue(WideDeepEncoder.CONTRACT))
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey(META_SPEC_SHA256).setValue(specSha256))
        .setGraph(g.graph)
        .build();
  }

  /** Writes {@link #build} to {@code file}. */
  public static void write(WideDeepModel model, WideDeepEncoder encoder, String specSha256, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.write(file, build(model, encoder, specSha256).toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ONNX model " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkShape(WideDeepModel m, TensorSpec cat, TensorSpec wide, TensorSpec dense) {
    List<Integer> mc = java.util.Arrays.stream(m.catCardinality).boxed().toList();
    List<Integer> mw = java.util.Arrays.stream(m.wideCardinality).boxed().toList();
    if (!mc.equals(cat.cardinalities()) || !mw.equals(wide.cardinalities()) || m.denseWidth != dense.width()) {
      throw new IllegalArgumentException("the model was built for categorical cardinalities " + mc + ", wide " + mw
          + " and " + m.denseWidth + " dense fields; this encoder's spec has " + cat.cardinalities() + ", "
          + wide.cardinalities() + " and " + dense.width());
    }
  }

  /** The [N, E] embedding of one field, gathered once however many pairs use it. */
  private static String fieldEmbedding(Graph g, Map<Integer, String> done, int field, TensorSpec cat) {
    return done.computeIfAbsent(field, f -> {
      String name = "emb_" + cat.fields().get(f);
      g.scalarLong("field_" + f, f);
      g.node("Gather", List.of("emb", "field_" + f), name, intAttr("axis", 1));
      return name;
    });
  }

  private static long[] offsetsOf(int[] offsets) {
    long[] out = new long[offsets.length - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = offsets[i];
    }
    return out;
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, int width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  /** A graph under construction; node names are their output names. */
  private static final class Graph {
    final GraphProto.Builder graph = GraphProto.newBuilder();

    void node(String op, List<String> inputs, String output, AttributeProto... attributes) {
      NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
      for (AttributeProto a : attributes) {
        n.addAttribute(a);
      }
      graph.addNode(n);
    }

    void floats(String name, long[] dims, float[] values) {
      ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      raw.asFloatBuffer().put(values);
      TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
          .setRawData(ByteString.copyFrom(raw.array()));
      for (long d : dims) {
        t.addDims(d);
      }
      graph.addInitializer(t);
    }

    void longs(String name, long[] dims, long[] values) {
      TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber());
      for (long d : dims) {
        t.addDims(d);
      }
      for (long v : values) {
        t.addInt64Data(v);
      }
      graph.addInitializer(t);
    }

    /** A 0-dimensional int64, so Gather drops the axis it indexes. */
    void scalarLong(String name, long value) {
      graph.addInitializer(TensorProto.newBuilder().setName(name)
          .setDataType(TensorProto.DataType.INT64.getNumber()).addInt64Data(value));
    }
  }
}
