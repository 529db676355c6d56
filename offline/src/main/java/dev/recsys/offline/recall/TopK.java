package dev.recsys.offline.recall;

/**
 * The {@code k} best (id, score) pairs offered, without boxing: a min-heap whose root is the worst
 * entry kept. Higher score is better; equal scores go to the smaller id, so the result does not
 * depend on the order of the offers. Reusable through {@link #reset}; not thread-safe (one per
 * thread).
 */
final class TopK {

  private final int capacity;
  private final int[] ids;
  private final double[] scores;
  private int size;

  TopK(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.ids = new int[capacity];
    this.scores = new double[capacity];
  }

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  void offer(int id, double score) {
    if (size < capacity) {
      ids[size] = id;
      scores[size] = score;
      siftUp(size++);
    } else if (worse(ids[0], scores[0], id, score)) {
      ids[0] = id;
      scores[0] = score;
      siftDown(0);
    }
  }

  /** Empties the heap into the given arrays, best first; returns how many were written. */
  int drainBestFirst(int[] idsOut, double[] scoresOut) {
    int n = size;
    for (int r = n - 1; r >= 0; r--) {
      idsOut[r] = ids[0];
      if (scoresOut != null) {
        scoresOut[r] = scores[0];
      }
      size--;
      ids[0] = ids[size];
      scores[0] = scores[size];
      siftDown(0);
    }
    return n;
  }

  /** Whether (a, sa) ranks below (b, sb). */
  private static boolean worse(int a, double sa, int b, double sb) {
    return sa < sb || (sa == sb && a > b);
  }

  private void siftUp(int pos) {
    int id = ids[pos];
    double s = scores[pos];
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!worse(id, s, ids[parent], scores[parent])) {
        break;
      }
      ids[pos] = ids[parent];
      scores[pos] = scores[parent];
      pos = parent;
    }
    ids[pos] = id;
    scores[pos] = s;
  }

  private void siftDown(int pos) {
    if (size == 0) {
      return;
    }
    int id = ids[pos];
    double s = scores[pos];
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && worse(ids[child + 1], scores[child + 1], ids[child], scores[child])) {
        child++;
      }
      if (!worse(ids[child], scores[child], id, s)) {
        break;
      }
      ids[pos] = ids[child];
      scores[pos] = scores[child];
      pos = child;
    }
    ids[pos] = id;
    scores[pos] = s;
  }
}
