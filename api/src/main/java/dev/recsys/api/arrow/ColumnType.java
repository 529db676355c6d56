package dev.recsys.api.arrow;

/** Column types an Arrow payload between services may carry. */
public enum ColumnType {
  STRING,
  INT32,
  INT64,
  FLOAT32,
  FLOAT64,
  BOOL,
  /** A row-major float matrix: each row is a fixed-size list of {@code width} floats. */
  FLOAT32_TENSOR
}
