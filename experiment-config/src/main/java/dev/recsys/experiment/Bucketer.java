package dev.recsys.experiment;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Per-layer salted murmur3 (32-bit, x86 variant, seed 0) bucketing of a unit id into
 * {@value #BUCKETS} buckets. The hashed bytes are {@code UTF-8(salt) + 0x00 + UTF-8(unitId)}; the
 * bucket is the hash read as unsigned, modulo {@value #BUCKETS}. Offline analysis can reproduce it,
 * e.g. in Python: {@code mmh3.hash(salt + "\0" + unit_id, signed=False) % 10000}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Bucketer {
  public static final int BUCKETS = 10_000;

  private Bucketer() {}

  public static int bucket(String unitId, String salt) {
    Objects.requireNonNull(unitId, "unitId");
    Objects.requireNonNull(salt, "salt");
    byte[] s = salt.getBytes(StandardCharsets.UTF_8);
    byte[] u = unitId.getBytes(StandardCharsets.UTF_8);
    // The 0x00 separator keeps ("ab", "c") and ("a", "bc") from hashing the same bytes.
    byte[] key = new byte[s.length + 1 + u.length];
    System.arraycopy(s, 0, key, 0, s.length);
    System.arraycopy(u, 0, key, s.length + 1, u.length);
    return (int) (Integer.toUnsignedLong(murmur3x86_32(key, 0)) % BUCKETS);
  }

  /** MurmurHash3_x86_32 as in Austin Appleby's reference (and Guava's murmur3_32_fixed). */
  static int murmur3x86_32(byte[] data, int seed) {
    final int c1 = 0xcc9e2d51;
    final int c2 = 0x1b873593;
    int len = data.length;
    int h1 = seed;
    int roundedEnd = len & ~3;
    for (int i = 0; i < roundedEnd; i += 4) {
      int k1 = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
      k1 *= c1;
      k1 = Integer.rotateLeft(k1, 15);
      k1 *= c2;
      h1 ^= k1;
      h1 = Integer.rotateLeft(h1, 13);
      h1 = h1 * 5 + 0xe6546b64;
    }
    int k1 = 0;
    switch (len & 3) {
      case 3:
        k1 = (data[roundedEnd + 2] & 0xff) << 16;
        // fall through
      case 2:
        k1 |= (data[roundedEnd + 1] & 0xff) << 8;
        // fall through
      case 1:
        k1 |= data[roundedEnd] & 0xff;
        k1 *= c1;
        k1 = Integer.rotateLeft(k1, 15);
        k1 *= c2;
        h1 ^= k1;
        break;
      default:
        break;
    }
    h1 ^= len;
    h1 ^= h1 >>> 16;
    h1 *= 0x85ebca6b;
    h1 ^= h1 >>> 13;
    h1 *= 0xc2b2ae35;
    h1 ^= h1 >>> 16;
    return h1;
  }
}
