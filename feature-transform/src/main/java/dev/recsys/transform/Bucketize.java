package dev.recsys.transform;

import java.util.Arrays;

/**
 * Maps a number to the index of the first boundary greater than it: {@code boundaries.length + 1}
 * buckets, with NaN (missing) in bucket 0 and values below the first boundary in bucket 1.
 */
public record Bucketize(double[] boundaries) {

  public Bucketize {
    boundaries = boundaries.clone();
    for (int i = 1; i < boundaries.length; i++) {
      if (!(boundaries[i] > boundaries[i - 1])) {
        throw new IllegalArgumentException("boundaries must increase strictly: "
            + Arrays.toString(boundaries));
      }
    }
  }

  public int apply(double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    int pos = Arrays.binarySearch(boundaries, value);
    int index = pos >= 0 ? pos + 1 : -pos - 1;
    return index + 1;
  }

  /**
   * Boundaries at the {@code 1/n, 2/n, ...} quantiles of the non-NaN {@code values}, duplicates
   * dropped, so each of the (up to) {@code n} inner buckets holds about the same share of them.
   */
  public static Bucketize quantiles(double[] values, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("need n >= 1 quantile buckets, got " + n);
    }
    double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    double[] cuts = new double[Math.max(0, n - 1)];
    int k = 0;
    for (int q = 1; q < n && sorted.length > 0; q++) {
      double cut = sorted[(int) ((long) q * (sorted.length - 1) / n)];
      if (k == 0 || cut > cuts[k - 1]) {
        cuts[k++] = cut;
      }
    }
    return new Bucketize(Arrays.copyOf(cuts, k));
  }

  public int buckets() {
    return boundaries.length + 2;
  }
}
