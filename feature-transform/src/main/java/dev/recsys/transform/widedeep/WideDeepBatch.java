package dev.recsys.transform.widedeep;

/**
 * The tensors of {@link WideDeepEncoder}'s contract for {@code rows} (user, item) pairs, as the
 * primitive row-major arrays ONNX Runtime takes: {@code categorical} and {@code wide} as int64,
 * {@code dense} as float32. Fill with {@link WideDeepEncoder.Bound#encode}.
 *
 * <p>Mutable and not thread-safe: one batch per request or per thread.
 */
public final class WideDeepBatch {

  private final int rows;
  private final long[] categorical;
  private final long[] wide;
  private final float[] dense;

  public WideDeepBatch(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    this.rows = rows;
    this.categorical = new long[rows * WideDeepEncoder.CATEGORICAL_FIELDS.size()];
    this.wide = new long[rows * WideDeepEncoder.WIDE_FIELDS.size()];
    this.dense = new float[rows * WideDeepEncoder.DENSE_FIELDS.size()];
  }

  public int rows() {
    return rows;
  }

  /** {@code rows x 7} indices of {@link WideDeepEncoder#CATEGORICAL_FIELDS}, row-major. */
  public long[] categorical() {
    return categorical;
  }

  /** {@code rows x 6} indices of {@link WideDeepEncoder#WIDE_FIELDS}, row-major. */
  public long[] wide() {
    return wide;
  }

  /** {@code rows x 7} values of {@link WideDeepEncoder#DENSE_FIELDS}, row-major. */
  public float[] dense() {
    return dense;
  }
}
