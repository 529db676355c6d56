package dev.recsys.transform;

import java.nio.charset.StandardCharsets;

/**
 * A hashed cross of two categorical values into {@code buckets} buckets, for the linear ("wide")
 * part of a model: bucket 0 when either value is missing, else 1 plus a murmur3 hash of the pair
 * modulo {@code buckets - 1}. Crossing indices (after a vocabulary lookup) rather than raw
 * strings means an out-of-vocabulary id never lands in a bucket trained for other ids.
 */
public record HashCross(int buckets) {

  private static final byte SEPARATOR = 0x01;

  public HashCross {
    if (buckets < 2) {
      throw new IllegalArgumentException("a cross needs >= 2 buckets (0 is for missing), got " + buckets);
    }
  }

  /**
   * The bucket of a pair of indices (e.g. two vocabulary lookups): 0 when either is {@code <= 0}
   * (missing / out of vocabulary), else {@code 1 + murmur3(le32(a) le32(b)) mod (buckets - 1)}.
   */
  public int apply(int a, int b) {
    if (a <= 0 || b <= 0) {
      return 0;
    }
    byte[] bytes = {(byte) a, (byte) (a >>> 8), (byte) (a >>> 16), (byte) (a >>> 24),
        (byte) b, (byte) (b >>> 8), (byte) (b >>> 16), (byte) (b >>> 24)};
    return 1 + Math.floorMod(HashBucket.murmur3(bytes, 0), buckets - 1);
  }

  /** The bucket of the pair; null on either side gives 0. */
  public int apply(String a, String b) {
    if (a == null || b == null) {
      return 0;
    }
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    byte[] joined = new byte[x.length + 1 + y.length];
    System.arraycopy(x, 0, joined, 0, x.length);
    joined[x.length] = SEPARATOR;
    System.arraycopy(y, 0, joined, x.length + 1, y.length);
    return 1 + Math.floorMod(HashBucket.murmur3(joined, 0), buckets - 1);
  }
}
