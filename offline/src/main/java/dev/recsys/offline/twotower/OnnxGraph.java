package dev.recsys.offline.twotower;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small builder for an ONNX inference graph over the protobuf classes: typed inputs and
 * outputs, little-endian raw-data initializers, and single-output nodes whose output names are
 * generated unless given. It checks what a reader would only report at load time: every node
 * input and graph output must be defined before use, and names are unique.
 *
 * <pre>{@code
 * OnnxGraph g = new OnnxGraph("user_tower");
 * String ids = g.input("ids", TensorProto.DataType.INT64, "N");
 * String table = g.floatInitializer("table", data, rows, dim);
 * g.node("Gather", "out", Map.of("axis", 0L), table, ids);
 * g.output("out", TensorProto.DataType.FLOAT, "N", dim);
 * byte[] onnx = g.toModel("producer", "1", Map.of()).toByteArray();
 * }</pre>
 *
 * <p>Dimensions are {@code Long}/{@code Integer} for a fixed size or {@code String} for a named
 * symbolic one. Attribute values map by Java type: {@code Long}/{@code Integer} -> INT,
 * {@code Float}/{@code Double} -> FLOAT, {@code String} -> STRING, {@code long[]} -> INTS,
 * {@code float[]} -> FLOATS, {@link TensorProto} -> TENSOR. Not thread-safe; build on one thread.
 */
public final class OnnxGraph {

  /** IR version 8 with opset 17 loads in every ONNX Runtime from 1.14 on. */
  public static final long IR_VERSION = 8;
  public static final long OPSET = 17;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> defined = new HashSet<>();
  private final Set<String> outputs = new HashSet<>();
  private int counter;

  public OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Declares a graph input; returns its name. */
  public String input(String name, TensorProto.DataType type, Object... dims) {
    define(name);
    graph.addInput(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output, which an earlier node must produce. */
  public void output(String name, TensorProto.DataType type, Object... dims) {
    if (!defined.contains(name)) {
      throw new IllegalStateException("graph output '" + name + "' is produced by no node, input or initializer");
    }
    if (!outputs.add(name)) {
      throw new IllegalStateException("graph output '" + name + "' declared twice");
    }
    graph.addOutput(valueInfo(name, type, dims));
  }

  /** A float32 constant of shape {@code dims}, row-major; returns its name. */
  public String floatInitializer(String name, float[] data, long... dims) {
    checkSize(name, data.length, dims);
    ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    return initializer(name, TensorProto.DataType.FLOAT, buf, dims);
  }

  /** An int64 constant of shape {@code dims}, row-major; returns its name. */
  public String longInitializer(String name, long[] data, long... dims) {
    checkSize(name, data.length, dims);
    ByteBuffer buf = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(data);
    return initializer(name, TensorProto.DataType.INT64, buf, dims);
  }

  /** A float32 scalar constant (shape []) with a generated name. */
  public String scalar(float value) {
    return floatInitializer(fresh("const"), new float[] {value});
  }

  /** A node with one output of a generated name; returns that name. */
  public String node(String opType, Map<String, ?> attributes, String... inputs) {
    return node(opType, fresh(opType.toLowerCase()), attributes, inputs);
  }

  /** A node without attributes, one output of a generated name. */
  public String node(String opType, String... inputs) {
    return node(opType, Map.of(), inputs);
  }

  /** A node with one named output; returns {@code output}. */
  public String node(String opType, String output, Map<String, ?> attributes, String... inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(output + "_node").addOutput(output);
    for (String in : inputs) {
      if (!defined.contains(in)) {
        throw new IllegalStateException(opType + " node '" + output + "' reads '" + in + "', which is not defined yet");
      }
      n.addInput(in);
    }
    // Sorted so the same graph always serializes to the same bytes whatever Map the caller used.
    new TreeMap<String, Object>(attributes).forEach((k, v) -> n.addAttribute(attribute(k, v)));
    define(output);
    graph.addNode(n);
    return output;
  }

  /** The model: IR {@value #IR_VERSION}, default-domain opset {@value #OPSET}, metadata in insertion order. */
  public ModelProto toModel(String producer, String producerVersion, Map<String, String> metadata) {
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName(producer)
        .setProducerVersion(producerVersion)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph.build());
    new LinkedHashMap<>(metadata).forEach((k, v) ->
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private String initializer(String name, TensorProto.DataType type, ByteBuffer data, long[] dims) {
    define(name);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    data.rewind();
    graph.addInitializer(t.setRawData(ByteString.copyFrom(data)));
    return name;
  }

  private static void checkSize(String name, int length, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("initializer '" + name + "': negative dimension " + d);
      }
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException("initializer '" + name + "': " + length + " values do not fill shape "
          + Arrays.toString(dims));
    }
  }

  private void define(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("ONNX value names must be non-empty");
    }
    if (!defined.add(name)) {
      throw new IllegalStateException("ONNX value '" + name + "' defined twice");
    }
  }

  private String fresh(String prefix) {
    String name;
    do {
      name = prefix + "_" + counter++;
    } while (defined.contains(name));
    return name;
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      if (d instanceof String s) {
        shape.addDimBuilder().setDimParam(s);
      } else if (d instanceof Long || d instanceof Integer) {
        shape.addDimBuilder().setDimValue(((Number) d).longValue());
      } else {
        throw new IllegalArgumentException("dimension of '" + name + "' must be a Long, Integer or String, got " + d);
      }
    }
    TypeProto.Builder t = TypeProto.newBuilder();
    t.getTensorTypeBuilder().setElemType(type.getNumber()).setShape(shape);
    return ValueInfoProto.newBuilder().setName(name).setType(t).build();
  }

  private static AttributeProto attribute(String name, Object v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (v instanceof Long || v instanceof Integer) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
    } else if (v instanceof Float || v instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
    } else if (v instanceof String s) {
      a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
    } else if (v instanceof long[] ints) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long i : ints) {
        a.addInts(i);
      }
    } else if (v instanceof float[] floats) {
      a.setType(AttributeProto.AttributeType.FLOATS);
      for (float f : floats) {
        a.addFloats(f);
      }
    } else if (v instanceof TensorProto t) {
      a.setType(AttributeProto.AttributeType.TENSOR).setT(t);
    } else {
      throw new IllegalArgumentException("attribute '" + name + "': unsupported value type "
          + (v == null ? "null" : v.getClass().getSimpleName()));
    }
    return a.build();
  }
}
