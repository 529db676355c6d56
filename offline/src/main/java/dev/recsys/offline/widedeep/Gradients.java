package dev.recsys.offline.widedeep;

/**
 * One worker's gradient accumulators for a mini-batch: dense arrays for the MLP, full-size
 * arrays for the embedding and wide tables plus the list of rows the batch touched, so that
 * summing, updating and clearing cost O(touched rows), not O(table).
 *
 * <p>Not thread-safe: each worker thread owns one.
 */
final class Gradients {

  final int dim;
  final float[] embeddings;
  final float[] wide;
  final float[] w1;
  final float[] b1;
  final float[] w2;
  final float[] b2;
  final float[] w3;
  final float[] b3;

  final int[] embRows;
  int embCount;
  private final boolean[] embSeen;
  final int[] wideRows;
  int wideCount;
  private final boolean[] wideSeen;
  double loss;

  Gradients(WideDeepModel m) {
    dim = m.dim;
    embeddings = new float[m.embeddings.length];
    wide = new float[m.wideWeights.length];
    w1 = new float[m.w1.length];
    b1 = new float[m.b1.length];
    w2 = new float[m.w2.length];
    b2 = new float[m.b2.length];
    w3 = new float[m.w3.length];
    b3 = new float[m.b3.length];
    int rows = m.embeddings.length / m.dim;
    embRows = new int[rows];
    embSeen = new boolean[rows];
    wideRows = new int[m.wideWeights.length];
    wideSeen = new boolean[m.wideWeights.length];
  }

  void touchEmbedding(int row, float[] g, int off) {
    if (!embSeen[row]) {
      embSeen[row] = true;
      embRows[embCount++] = row;
    }
    int base = row * dim;
    for (int d = 0; d < dim; d++) {
      embeddings[base + d] += g[off + d];
    }
  }

  void touchWide(int index, float g) {
    if (!wideSeen[index]) {
      wideSeen[index] = true;
      wideRows[wideCount++] = index;
    }
    wide[index] += g;
  }

  /** Zeroes everything, touching only what the batch touched. */
  void clear() {
    for (int k = 0; k < embCount; k++) {
      int row = embRows[k];
      embSeen[row] = false;
      java.util.Arrays.fill(embeddings, row * dim, (row + 1) * dim, 0f);
    }
    embCount = 0;
    for (int k = 0; k < wideCount; k++) {
      wideSeen[wideRows[k]] = false;
      wide[wideRows[k]] = 0;
    }
    wideCount = 0;
    for (float[] a : new float[][] {w1, b1, w2, b2, w3, b3}) {
      java.util.Arrays.fill(a, 0f);
    }
    loss = 0;
  }
}
