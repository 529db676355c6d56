package dev.recsys.transform;

/**
 * Sequence features (a user's recent items) as fixed-shape model inputs. {@link #lastDistinct}
 * turns a variable-length history into the fixed-length, padded id row an ONNX input of shape
 * [N, L] needs; {@link #meanPool} averages the embedding rows of such a row, skipping padding,
 * which is what a model's pooling layer computes (two-tower does it inside its ONNX graph with the
 * same rule, so offline and online agree).
 */
public final class SequencePooling {

  private SequencePooling() {}

  /**
   * Writes the last {@code len} distinct ids of {@code seq[0 .. end)}, most recent (highest index)
   * first, into {@code out[off .. off + len)}, and {@code padding} in the slots left over.
   *
   * @throws IllegalArgumentException when {@code end} or the output range is out of bounds
   */
  public static void lastDistinct(int[] seq, int end, int[] out, int off, int len, int padding) {
    if (end < 0 || end > seq.length || len < 0 || off < 0 || off + len > out.length) {
      throw new IllegalArgumentException("sequence end " + end + " of " + seq.length + ", output " + off + ".."
          + (off + len) + " of " + out.length + ": out of bounds");
    }
    int t = 0;
    for (int p = end - 1; p >= 0 && t < len; p--) {
      int id = seq[p];
      boolean repeat = false;
      for (int q = off; q < off + t && !repeat; q++) {
        repeat = out[q] == id;
      }
      if (!repeat) {
        out[off + t++] = id;
      }
    }
    while (t < len) {
      out[off + t++] = padding;
    }
  }

  /**
   * The mean of {@code table}'s rows (row-major, {@code dim} wide) for the ids in {@code ids[off ..
   * off + len)}, padding skipped; all zeros when every slot is padding.
   */
  public static float[] meanPool(float[] table, int dim, int[] ids, int off, int len, int padding) {
    float[] out = new float[dim];
    int n = 0;
    for (int k = off; k < off + len; k++) {
      if (ids[k] == padding) {
        continue;
      }
      n++;
      for (int d = 0; d < dim; d++) {
        out[d] += table[ids[k] * dim + d];
      }
    }
    if (n > 0) {
      for (int d = 0; d < dim; d++) {
        out[d] /= n;
      }
    }
    return out;
  }
}
