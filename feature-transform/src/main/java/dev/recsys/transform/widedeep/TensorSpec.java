package dev.recsys.transform.widedeep;

import java.util.List;

/**
 * One input tensor of a model input contract: its name, element type and fields. The shape is
 * always {@code [N, fields.size()]}, N being the number of (user, item) pairs scored together,
 * row-major. For an {@link DataType#INT64} tensor, field {@code f} holds an index in
 * {@code [0, cardinalities[f])}, 0 meaning missing or out of vocabulary; a float tensor has no
 * cardinalities (empty list).
 */
public record TensorSpec(String name, DataType type, List<String> fields, List<Integer> cardinalities) {

  /** Element types, spelled as ONNX spells them. */
  public enum DataType {
    INT64("int64"),
    FLOAT32("float32");

    private final String label;

    DataType(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public TensorSpec {
    fields = List.copyOf(fields);
    cardinalities = List.copyOf(cardinalities);
    if (type == DataType.INT64 ? cardinalities.size() != fields.size() : !cardinalities.isEmpty()) {
      throw new IllegalArgumentException(name + ": an int64 tensor needs one cardinality per field,"
          + " a float tensor none; got " + fields.size() + " fields and " + cardinalities.size() + " cardinalities");
    }
  }

  public int width() {
    return fields.size();
  }

  /** The shape with -1 standing for the batch dimension N. */
  public long[] shape() {
    return new long[] {-1, fields.size()};
  }

  /** e.g. {@code categorical int64 [N, 7]}. */
  public String describe() {
    return name + " " + type.label() + " [N, " + fields.size() + "]";
  }
}
