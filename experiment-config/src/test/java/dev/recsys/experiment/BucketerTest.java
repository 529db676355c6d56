package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

class BucketerTest {
  static final int USERS = 20_000;

  static String user(int i) {
    return "user-" + i;
  }

  @Test
  void murmurMatchesReferenceVectors() {
    // Published MurmurHash3_x86_32 test vectors (SMHasher reference implementation).
    assertThat(Bucketer.murmur3x86_32(new byte[0], 0)).isEqualTo(0);
    assertThat(Bucketer.murmur3x86_32(new byte[0], 1)).isEqualTo(0x514E28B7);
    assertThat(Bucketer.murmur3x86_32(new byte[0], 0xffffffff)).isEqualTo(0x81F16F39);
    assertThat(Bucketer.murmur3x86_32(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0)).isEqualTo(0x76293B50);
    assertThat(Bucketer.murmur3x86_32(new byte[] {0x21, 0x43, 0x65, (byte) 0x87}, 0)).isEqualTo(0xF55B516B);
    assertThat(Bucketer.murmur3x86_32(new byte[] {0x21, 0x43, 0x65}, 0)).isEqualTo(0x7E4A8634);
    assertThat(Bucketer.murmur3x86_32(new byte[] {0x21, 0x43}, 0)).isEqualTo(0xA0F7B07A);
    assertThat(Bucketer.murmur3x86_32(new byte[] {0x21}, 0)).isEqualTo(0x72661CF4);
    assertThat(Bucketer.murmur3x86_32("Hello, world!".getBytes(StandardCharsets.UTF_8), 0x9747b28c)).isEqualTo(0x24884CBA);
    assertThat(Bucketer.murmur3x86_32("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8), 0x9747b28c))
        .isEqualTo(0x2FA826CD);
  }

  @Test
  void bucketIsDeterministicAndInRange() {
    for (int i = 0; i < USERS; i++) {
      int b = Bucketer.bucket(user(i), "home/rank");
      assertThat(b).isBetween(0, Bucketer.BUCKETS - 1);
      assertThat(Bucketer.bucket(user(i), "home/rank")).isEqualTo(b);
    }
    // Pinned values: bucketing must never change silently, or every running experiment reshuffles.
    assertThat(Bucketer.bucket("", "")).isEqualTo((int) (Integer.toUnsignedLong(Bucketer.murmur3x86_32(new byte[1], 0)) % 10_000));
    assertThat(Bucketer.bucket("u1", "s")).isNotEqualTo(Bucketer.bucket("u1", "t"));
    assertThat(Bucketer.bucket("bc", "a")).as("separator keeps salt and id apart").isNotEqualTo(Bucketer.bucket("c", "ab"));
  }

  @Test
  void armSharesAreWithinOnePercentOfWeights() {
    assertShares(List.of(90, 10), "s1");
    assertShares(List.of(33, 33, 34), "s2");
    assertShares(List.of(1, 2, 3, 4), "s3");
  }

  private static void assertShares(List<Integer> weights, String salt) {
    ArmAllocation alloc = ArmAllocation.of(layer(salt, weights));
    int[] counts = new int[weights.size()];
    for (int i = 0; i < USERS; i++) {
      counts[alloc.armIndexFor(Bucketer.bucket(user(i), salt))]++;
    }
    double total = weights.stream().mapToInt(Integer::intValue).sum();
    for (int a = 0; a < counts.length; a++) {
      assertThat((double) counts[a] / USERS)
          .as("share of arm %d with weights %s", a, weights)
          .isCloseTo(weights.get(a) / total, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  /**
   * Two layers with different salts must split users independently: a chi-square test of
   * independence on the arm-by-arm contingency table must not reject at p = 0.001.
   */
  @Test
  void layersWithDifferentSaltsAreIndependent() {
    double statistic = chiSquare(layer("home/match", List.of(30, 30, 40)), layer("home/rank", List.of(25, 25, 25, 25)));
    int dof = (3 - 1) * (4 - 1);
    double critical = new ChiSquaredDistribution(dof).inverseCumulativeProbability(1 - 0.001);
    assertThat(critical).isCloseTo(22.458, org.assertj.core.data.Offset.offset(0.01)); // table value, dof 6
    assertThat(statistic).isLessThan(critical);
  }

  /** Control: the same test must detect dependence when two layers share a salt. */
  @Test
  void independenceCheckDetectsSharedSalt() {
    double statistic = chiSquare(layer("same", List.of(30, 30, 40)), layer("same", List.of(25, 25, 25, 25)));
    double critical = new ChiSquaredDistribution(6).inverseCumulativeProbability(1 - 0.001);
    assertThat(statistic).isGreaterThan(100 * critical);
  }

  private static double chiSquare(LayerConfig first, LayerConfig second) {
    ArmAllocation a = ArmAllocation.of(first);
    ArmAllocation b = ArmAllocation.of(second);
    int rows = first.arms().size();
    int cols = second.arms().size();
    long[][] observed = new long[rows][cols];
    for (int i = 0; i < USERS; i++) {
      observed[a.armIndexFor(Bucketer.bucket(user(i), first.salt()))][b.armIndexFor(Bucketer.bucket(user(i), second.salt()))]++;
    }
    long[] rowSum = new long[rows];
    long[] colSum = new long[cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        rowSum[r] += observed[r][c];
        colSum[c] += observed[r][c];
      }
    }
    double statistic = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double expected = (double) rowSum[r] * colSum[c] / USERS;
        double d = observed[r][c] - expected;
        statistic += d * d / expected;
      }
    }
    return statistic;
  }

  static LayerConfig layer(String salt, List<Integer> weights) {
    List<ArmConfig> arms = new java.util.ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      arms.add(new ArmConfig("arm" + i, "rank.passthrough", weights.get(i), null));
    }
    return new LayerConfig("layer", salt, arms, null);
  }
}
