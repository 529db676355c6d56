package dev.recsys.offline.data;

import java.util.SplittableRandom;

/**
 * The random train/test split: each interaction goes to test with probability {@code
 * testPercent}/100, independently, from a seeded {@link SplittableRandom}, so one seed gives the
 * same split on every JVM. Unlike {@link TemporalSplit} it lets the future leak into training
 * (a user's later interactions can train a model tested on earlier ones); it is here for
 * comparison with published numbers that use random splits, and for data without meaningful
 * timestamps. Rows keep their original order in both halves.
 */
public final class RandomSplit {

  private RandomSplit() {}

  /**
   * @throws IllegalArgumentException when {@code testPercent} is not in 1..99
   */
  public static TemporalSplit.Result split(Interactions in, int testPercent, long seed) {
    if (testPercent < 1 || testPercent > 99) {
      throw new IllegalArgumentException("test percent " + testPercent + " out of range; expected 1..99");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    boolean[] test = new boolean[in.size()];
    int testSize = 0;
    for (int k = 0; k < test.length; k++) {
      test[k] = rng.nextInt(100) < testPercent;
      testSize += test[k] ? 1 : 0;
    }
    int[] trainRows = new int[test.length - testSize];
    int[] testRows = new int[testSize];
    int a = 0;
    int b = 0;
    for (int k = 0; k < test.length; k++) {
      if (test[k]) {
        testRows[b++] = k;
      } else {
        trainRows[a++] = k;
      }
    }
    return new TemporalSplit.Result(trainRows, testRows);
  }
}
