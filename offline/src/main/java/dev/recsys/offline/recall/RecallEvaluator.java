package dev.recsys.offline.recall;

import dev.recsys.offline.data.Interactions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Recall@K, NDCG@K and HR@K of a {@link CandidateSource} on a held-out split.
 *
 * <p>Truth per user: the distinct items with label 1 in the test interactions that are not in
 * the user's training history (a source may not return history, so those could never be hit).
 * Only users with a non-empty truth are averaged. Recall@K = hits in the top K / |truth|;
 * NDCG@K uses binary gains, ideal DCG over min(K, |truth|) hits; HR@K = 1 if any hit.
 */
public final class RecallEvaluator {

  public static final int[] KS = {10, 20, 50};

  /** Metric -> K -> mean over evaluated users. */
  public record Report(String source, int users, Map<Integer, Double> recall, Map<Integer, Double> ndcg,
      Map<Integer, Double> hitRate) {}

  private final int[][] truth;
  private final int[] evaluated;

  public RecallEvaluator(Interactions test, UserHistory history) {
    int numUsers = history.users();
    int[][] t = new int[numUsers][];
    int[] count = new int[numUsers];
    for (int k = 0; k < test.size(); k++) {
      if (test.labels()[k] == 1 && !history.hasSeen(test.users()[k], test.items()[k])) {
        count[test.users()[k]]++;
      }
    }
    for (int u = 0; u < numUsers; u++) {
      t[u] = new int[count[u]];
    }
    int[] fill = new int[numUsers];
    for (int k = 0; k < test.size(); k++) {
      int u = test.users()[k];
      if (test.labels()[k] == 1 && !history.hasSeen(u, test.items()[k])) {
        t[u][fill[u]++] = test.items()[k];
      }
    }
    for (int u = 0; u < numUsers; u++) {
      t[u] = Arrays.stream(t[u]).sorted().distinct().toArray();
    }
    this.truth = t;
    this.evaluated = IntStream.range(0, numUsers).filter(u -> t[u].length > 0).toArray();
  }

  /** Users with at least one held-out positive outside their history. */
  public int users() {
    return evaluated.length;
  }

  public Report evaluate(CandidateSource source) {
    if (evaluated.length == 0) {
      throw new IllegalStateException("the test split has no positive outside training history: nothing to evaluate "
          + source.name() + " on");
    }
    int maxK = KS[KS.length - 1];
    double[][] sums = IntStream.of(evaluated).parallel()
        .mapToObj(u -> score(truth[u], source.topK(u, maxK), source.name(), u))
        .reduce(new double[3][KS.length], RecallEvaluator::add);
    Map<Integer, Double> recall = new LinkedHashMap<>();
    Map<Integer, Double> ndcg = new LinkedHashMap<>();
    Map<Integer, Double> hr = new LinkedHashMap<>();
    for (int j = 0; j < KS.length; j++) {
      recall.put(KS[j], sums[0][j] / evaluated.length);
      ndcg.put(KS[j], sums[1][j] / evaluated.length);
      hr.put(KS[j], sums[2][j] / evaluated.length);
    }
    return new Report(source.name(), evaluated.length, recall, ndcg, hr);
  }

  private static double[][] score(int[] truth, int[] ranked, String source, int user) {
    if (ranked.length > KS[KS.length - 1] || Arrays.stream(ranked).distinct().count() != ranked.length) {
      throw new IllegalStateException(source + " returned " + ranked.length + " items with duplicates or more than asked for user " + user);
    }
    double[][] s = new double[3][KS.length];
    for (int j = 0; j < KS.length; j++) {
      int k = KS[j];
      int hits = 0;
      double dcg = 0;
      for (int r = 0; r < Math.min(k, ranked.length); r++) {
        if (Arrays.binarySearch(truth, ranked[r]) >= 0) {
          hits++;
          dcg += 1.0 / log2(r + 2);
        }
      }
      double idcg = 0;
      for (int r = 0; r < Math.min(k, truth.length); r++) {
        idcg += 1.0 / log2(r + 2);
      }
      s[0][j] = (double) hits / truth.length;
      s[1][j] = dcg / idcg;
      s[2][j] = hits > 0 ? 1 : 0;
    }
    return s;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] out = new double[3][KS.length];
    for (int m = 0; m < 3; m++) {
      for (int j = 0; j < KS.length; j++) {
        out[m][j] = a[m][j] + b[m][j];
      }
    }
    return out;
  }
}
