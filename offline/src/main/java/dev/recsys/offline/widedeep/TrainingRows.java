package dev.recsys.offline.widedeep;

import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;

/**
 * Encoded training rows as the trainer reads them: the contract's tensors with indices narrowed
 * to int (every cardinality fits), row-major, and a 0/1 label per row.
 */
public record TrainingRows(int rows, int[] categorical, int[] wide, float[] dense, byte[] labels) {

  public static final int CATEGORICAL_WIDTH = WideDeepEncoder.CATEGORICAL_FIELDS.size();
  public static final int WIDE_WIDTH = WideDeepEncoder.WIDE_FIELDS.size();
  public static final int DENSE_WIDTH = WideDeepEncoder.DENSE_FIELDS.size();

  public TrainingRows {
    if (categorical.length != rows * CATEGORICAL_WIDTH || wide.length != rows * WIDE_WIDTH
        || dense.length != rows * DENSE_WIDTH || labels.length != rows) {
      throw new IllegalArgumentException("tensor lengths do not match " + rows + " rows");
    }
  }

  /** The batch's tensors with these labels (one per row, 0 or 1). */
  public static TrainingRows of(WideDeepBatch batch, byte[] labels) {
    int n = batch.rows();
    return new TrainingRows(n, narrow(batch.categorical()), narrow(batch.wide()), batch.dense().clone(),
        labels.clone());
  }

  private static int[] narrow(long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }
}
