package dev.recsys.offline.data;

/**
 * Interactions as parallel primitive arrays; {@code users[k]} and {@code items[k]} are row
 * indices into the dataset's {@link Users} and {@link Items}. {@code ratings[k]} is 0 when the
 * source has no rating (synthetic data), else 1..5. {@code labels[k]} is 0 or 1.
 */
public record Interactions(int[] users, int[] items, long[] timestamps, byte[] ratings, byte[] labels) {

  public Interactions {
    int n = users.length;
    if (items.length != n || timestamps.length != n || ratings.length != n || labels.length != n) {
      throw new IllegalArgumentException("interaction columns differ in length");
    }
  }

  public int size() {
    return users.length;
  }

  /** The rows at {@code rows}, in that order. */
  public Interactions select(int[] rows) {
    int n = rows.length;
    int[] u = new int[n];
    int[] i = new int[n];
    long[] t = new long[n];
    byte[] r = new byte[n];
    byte[] l = new byte[n];
    for (int k = 0; k < n; k++) {
      int row = rows[k];
      u[k] = users[row];
      i[k] = items[row];
      t[k] = timestamps[row];
      r[k] = ratings[row];
      l[k] = labels[row];
    }
    return new Interactions(u, i, t, r, l);
  }

  public long minTimestamp() {
    long min = Long.MAX_VALUE;
    for (long t : timestamps) {
      min = Math.min(min, t);
    }
    return min;
  }

  public long maxTimestamp() {
    long max = Long.MIN_VALUE;
    for (long t : timestamps) {
      max = Math.max(max, t);
    }
    return max;
  }

  public int positives() {
    int p = 0;
    for (byte l : labels) {
      p += l;
    }
    return p;
  }
}
