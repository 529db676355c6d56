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

  public int buckets() {
    return boundaries.length + 2;
  }
}
