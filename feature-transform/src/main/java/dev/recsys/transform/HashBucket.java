package dev.recsys.transform;

import java.nio.charset.StandardCharsets;

/**
 * Maps a string to one of {@code buckets} buckets with 32-bit murmur3 (seed 0) of its UTF-8
 * bytes. Stable across JVMs and releases: models trained on these ids depend on it.
 */
public record HashBucket(int buckets) {

  public HashBucket {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be >= 1, got " + buckets);
    }
  }

  /** The bucket of {@code value}; null maps to bucket 0 alongside whatever hashes there. */
  public int apply(String value) {
    if (value == null) {
      return 0;
    }
    return Math.floorMod(murmur3(value.getBytes(StandardCharsets.UTF_8), 0), buckets);
  }

  /** Standard MurmurHash3 x86_32. */
  public static int murmur3(byte[] data, int seed) {
    final int c1 = 0xcc9e2d51;
    final int c2 = 0x1b873593;
    int h = seed;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8
          | (data[4 * i + 2] & 0xff) << 16 | (data[4 * i + 3] & 0xff) << 24;
      k *= c1;
      k = Integer.rotateLeft(k, 15);
      k *= c2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int k = 0;
    int tail = blocks * 4;
    switch (data.length & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k ^= data[tail] & 0xff;
        k *= c1;
        k = Integer.rotateLeft(k, 15);
        k *= c2;
        h ^= k;
        break;
      default:
        break;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
