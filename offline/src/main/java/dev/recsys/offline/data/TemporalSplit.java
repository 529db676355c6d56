package dev.recsys.offline.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The temporal train/test split: per user, the latest {@value #TEST_FRACTION_PERCENT}% of the
 * user's interactions (rounded down, but at least one when the user has two or more) go to test,
 * the rest to train. A user with a single interaction stays in train only. Ties in timestamp are
 * broken by position in interactions.csv, so the split is deterministic.
 *
 * <p>Splitting per user rather than at one global cut-off keeps every active user in both
 * halves, which is what a ranker evaluated per request sees.
 */
public final class TemporalSplit {

  public static final int TEST_FRACTION_PERCENT = 10;

  /** Row indices into the original interactions, each half in original order. */
  public record Result(int[] trainRows, int[] testRows) {}

  private TemporalSplit() {}

  public static Result split(Interactions in) {
    int n = in.size();
    int users = 0;
    for (int u : in.users()) {
      users = Math.max(users, u + 1);
    }
    // Bucket rows by user (counting sort keeps each user's rows in file order).
    int[] start = new int[users + 1];
    for (int u : in.users()) {
      start[u + 1]++;
    }
    for (int u = 0; u < users; u++) {
      start[u + 1] += start[u];
    }
    int[] byUser = new int[n];
    int[] fill = Arrays.copyOf(start, users);
    for (int k = 0; k < n; k++) {
      byUser[fill[in.users()[k]]++] = k;
    }
    boolean[] test = new boolean[n];
    for (int u = 0; u < users; u++) {
      int from = start[u];
      int count = start[u + 1] - from;
      if (count < 2) {
        continue;
      }
      int testCount = Math.max(1, count * TEST_FRACTION_PERCENT / 100);
      long[] ts = new long[count];
      int[] rows = Arrays.copyOfRange(byUser, from, from + count);
      for (int j = 0; j < count; j++) {
        ts[j] = in.timestamps()[rows[j]];
      }
      sortByTime(rows, ts);
      for (int j = count - testCount; j < count; j++) {
        test[rows[j]] = true;
      }
    }
    int testSize = 0;
    for (boolean t : test) {
      testSize += t ? 1 : 0;
    }
    int[] trainRows = new int[n - testSize];
    int[] testRows = new int[testSize];
    int a = 0;
    int b = 0;
    for (int k = 0; k < n; k++) {
      if (test[k]) {
        testRows[b++] = k;
      } else {
        trainRows[a++] = k;
      }
    }
    return new Result(trainRows, testRows);
  }

  /** Stable bottom-up merge sort of {@code rows} by {@code ts}; rows start in file order. */
  private static void sortByTime(int[] rows, long[] ts) {
    int n = rows.length;
    int[] tmpRows = new int[n];
    long[] tmpTs = new long[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          if (ts[j] < ts[i]) {
            tmpRows[k] = rows[j];
            tmpTs[k++] = ts[j++];
          } else {
            tmpRows[k] = rows[i];
            tmpTs[k++] = ts[i++];
          }
        }
        while (i < mid) {
          tmpRows[k] = rows[i];
          tmpTs[k++] = ts[i++];
        }
        while (j < hi) {
          tmpRows[k] = rows[j];
          tmpTs[k++] = ts[j++];
        }
      }
      System.arraycopy(tmpRows, 0, rows, 0, n);
      System.arraycopy(tmpTs, 0, ts, 0, n);
    }
  }

  /** How the split job divides interactions. */
  public enum Method {
    /** {@link TemporalSplit}: per user, the latest {@value #TEST_FRACTION_PERCENT}% held out. */
    TEMPORAL,
    /** {@link RandomSplit}: each interaction held out with probability 10%, seeded. */
    RANDOM;

    /** Parses {@code temporal} or {@code random}, naming the valid values on error. */
    public static Method parse(String s) {
      for (Method m : values()) {
        if (m.name().equalsIgnoreCase(s.strip())) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown split method '" + s + "'; expected temporal or random");
    }
  }

  /**
   * The split job: reads the dataset in {@code dataDir} and writes split/train.csv and
   * split/test.csv with the temporal split.
   *
   * @throws IllegalArgumentException when either half would be empty
   */
  public static Result run(Path dataDir) {
    return run(dataDir, Method.TEMPORAL, 42);
  }

  /**
   * As {@link #run(Path)} with a choice of method; {@code seed} is used by the random split only.
   *
   * @throws IllegalArgumentException when either half would be empty
   */
  public static Result run(Path dataDir, Method method, long seed) {
    Dataset d = DatasetFiles.read(dataDir);
    Interactions in = d.interactions();
    if (in.size() == 0) {
      throw new IllegalArgumentException(DatasetFiles.interactions(dataDir)
          + ": no interactions to split");
    }
    Result r = method == Method.TEMPORAL ? split(in) : RandomSplit.split(in, TEST_FRACTION_PERCENT, seed);
    if (r.testRows().length == 0 || r.trainRows().length == 0) {
      throw new IllegalArgumentException(DatasetFiles.interactions(dataDir) + ": the " + method.name().toLowerCase()
          + " split's " + (r.testRows().length == 0 ? "test" : "train") + " half is empty"
          + (method == Method.TEMPORAL ? "; the temporal split needs users with at least 2 interactions" : "")
          + " (" + in.size() + " interactions, " + d.users().size() + " users)");
    }
    DatasetFiles.writeInteractions(DatasetFiles.train(dataDir), d.users(), d.items(), in.select(r.trainRows()));
    DatasetFiles.writeInteractions(DatasetFiles.test(dataDir), d.users(), d.items(), in.select(r.testRows()));
    return r;
  }
}
