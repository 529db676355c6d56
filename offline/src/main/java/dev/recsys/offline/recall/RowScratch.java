package dev.recsys.offline.recall;

/**
 * Per-thread working memory for computing one row of an item-to-item table: a dense score
 * accumulator over all items, the list of items touched (so clearing costs the row, not the
 * catalogue) and the top-K heap. Not thread-safe: one per thread, reused row after row.
 */
final class RowScratch {

  final double[] acc;
  final int[] touched;
  int touchedCount;
  final TopK top;
  /** The row {@link #finishRow} produced last. */
  int[] neighbors;
  float[] scores;

  private final boolean[] marked;
  private final int[] topIds;
  private final double[] topScores;

  RowScratch(int numItems, int topK) {
    acc = new double[numItems];
    touched = new int[numItems];
    marked = new boolean[numItems];
    top = new TopK(topK);
    topIds = new int[topK];
    topScores = new double[topK];
  }

  void add(int item, double w) {
    if (!marked[item]) {
      marked[item] = true;
      touched[touchedCount++] = item;
    }
    acc[item] += w;
  }

  /** Turns the heap into {@link #neighbors}/{@link #scores} (fresh arrays) and clears for the next row. */
  void finishRow() {
    int n = top.drainBestFirst(topIds, topScores);
    neighbors = new int[n];
    scores = new float[n];
    for (int r = 0; r < n; r++) {
      neighbors[r] = topIds[r];
      scores[r] = (float) topScores[r];
    }
    for (int t = 0; t < touchedCount; t++) {
      acc[touched[t]] = 0;
      marked[touched[t]] = false;
    }
    touchedCount = 0;
  }
}
