package dev.recsys.api.arrow;

import java.util.Objects;

/**
 * One named, typed column held in a primitive array ({@code String[]}, {@code int[]},
 * {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]}; a tensor column holds
 * {@code rows * width} floats, row-major). Primitive arrays keep the hot path free of boxing.
 *
 * @param nulls null mask, or {@code null} when no value is null (strings use {@code null} entries)
 */
public record Column(String name, ColumnType type, int width, Object values, boolean[] nulls) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(values, "values");
    if (width < 1) {
      throw new IllegalArgumentException("column '" + name + "': width must be >= 1, got " + width);
    }
    Class<?> expected = switch (type) {
      case STRING -> String[].class;
      case INT32 -> int[].class;
      case INT64 -> long[].class;
      case FLOAT32, FLOAT32_TENSOR -> float[].class;
      case FLOAT64 -> double[].class;
      case BOOL -> boolean[].class;
    };
    if (values.getClass() != expected) {
      throw new IllegalArgumentException("column '" + name + "' of type " + type + " needs "
          + expected.getSimpleName() + " values, got " + values.getClass().getSimpleName());
    }
  }

  public static Column ofStrings(String name, String[] values) {
    return new Column(name, ColumnType.STRING, 1, values, null);
  }

  public static Column ofInts(String name, int[] values) {
    return new Column(name, ColumnType.INT32, 1, values, null);
  }

  public static Column ofLongs(String name, long[] values) {
    return new Column(name, ColumnType.INT64, 1, values, null);
  }

  public static Column ofFloats(String name, float[] values) {
    return new Column(name, ColumnType.FLOAT32, 1, values, null);
  }

  public static Column ofDoubles(String name, double[] values) {
    return new Column(name, ColumnType.FLOAT64, 1, values, null);
  }

  public static Column ofBools(String name, boolean[] values) {
    return new Column(name, ColumnType.BOOL, 1, values, null);
  }

  /** A row-major {@code rows x width} float tensor. */
  public static Column ofTensor(String name, float[] rowMajor, int width) {
    return new Column(name, ColumnType.FLOAT32_TENSOR, width, rowMajor, null);
  }

  /** Number of rows the values array holds. */
  public int length() {
    int n = java.lang.reflect.Array.getLength(values);
    return type == ColumnType.FLOAT32_TENSOR ? n / width : n;
  }

  public boolean isNull(int row) {
    if (type == ColumnType.STRING) {
      return ((String[]) values)[row] == null;
    }
    return nulls != null && nulls[row];
  }

  /** The value at {@code row} as a boxed object (null when null); for debugging views, not hot paths. */
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    return switch (type) {
      case STRING -> ((String[]) values)[row];
      case INT32 -> ((int[]) values)[row];
      case INT64 -> ((long[]) values)[row];
      case FLOAT32 -> ((float[]) values)[row];
      case FLOAT64 -> ((double[]) values)[row];
      case BOOL -> ((boolean[]) values)[row];
      case FLOAT32_TENSOR -> java.util.Arrays.copyOfRange((float[]) values, row * width, (row + 1) * width);
    };
  }

  /** The value at {@code row} as a double (numeric and bool columns), NaN when null. */
  public double getDouble(int row) {
    if (isNull(row)) {
      return Double.NaN;
    }
    return switch (type) {
      case INT32 -> ((int[]) values)[row];
      case INT64 -> ((long[]) values)[row];
      case FLOAT32 -> ((float[]) values)[row];
      case FLOAT64 -> ((double[]) values)[row];
      case BOOL -> ((boolean[]) values)[row] ? 1.0 : 0.0;
      default -> throw new IllegalStateException("column '" + name + "' of type " + type + " is not numeric");
    };
  }
}
