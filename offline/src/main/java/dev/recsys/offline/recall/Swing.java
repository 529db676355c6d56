package dev.recsys.offline.recall;

import dev.recsys.offline.data.Interactions;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Swing (Yang et al., "Large Scale Product Graph Construction for Recommendation in E-commerce",
 * Alibaba, 2020): two items are similar when many pairs of users clicked both, and a pair counts
 * for more the fewer other items its two users share.
 *
 * <pre>
 *   sim(i, j) = sum over unordered pairs {u, v}, u != v, of users in U(i) ∩ U(j) of
 *                 w(u) * w(v) / (alpha + |I(u) ∩ I(v)|)
 *   w(u)      = (|I(u)| + beta) ^ -0.5
 * </pre>
 *
 * U(i) is the set of users with a positive (label 1) training interaction on item i, I(u) the set
 * of items user u engaged with. The paper sums over ordered pairs, which is exactly twice this sum,
 * so the rankings are the same. A pair whose users share many items (a clique, a bot farm, a
 * shared account) is damped by the denominator; the user weight damps heavy users as ItemCF's
 * log term does.
 *
 * <p>The pair sum is quadratic in an item's audience, so it is bounded in two ways (both keep the
 * most recent entries, ties by index; see {@link ClickGraph}). Each user keeps their
 * {@link Params#maxItemsPerUser} most recent items, and I, U and every |I(u)| are taken on that
 * graph. And row i enumerates only the pairs among a sample S(i) of U(i), its
 * {@link Params#maxUsersPerItem} most recent clickers, while the overlaps |I(u) ∩ I(v)| still
 * see every item of both users. Were S(i) a uniform sample of N = |U(i)| users, a given pair would
 * be in it with probability M(M-1) / (N(N-1)), M = |S(i)|; the row is multiplied by the inverse,
 * which makes it an estimate of the full sum on the scale of the uncapped rows, so that
 * {@link I2iSource} can add rows of capped and uncapped items. (The most recent users are not a
 * uniform sample; on drifting data they are the more relevant ones.) With caps above the data's
 * degrees the table is the formula above exactly.
 *
 * <p>Row i is computed from S(i) alone: for each pair {u, v} in S(i), the common items
 * I(u) ∩ I(v) are exactly the j whose sim(i, j) the pair adds to, and their count is the
 * denominator. Users are taken in descending order of |I(u)| so that the long histories are the
 * ones marked once per u rather than scanned once per pair. Rows run in parallel over items; each
 * row is summed in a fixed order, so the result does not depend on the threads. Each item keeps
 * its {@link Params#topK} best neighbours with score > 0, ties by item index. Cost: per item,
 * M^2 / 2 pairs, each a scan of one user's items.
 */
public final class Swing {

  public static final String NAME = "swing";

  /**
   * @param topK neighbours kept per item, 1..10,000 (default {@value #DEFAULT_TOP_K})
   * @param alpha smoothing added to the pair overlap, 0..1e6 (default {@value #DEFAULT_ALPHA}, the
   *     paper's)
   * @param beta added to |I(u)| in the user weight, 0..1e6 (default {@value #DEFAULT_BETA}); keeps a
   *     user with one or two clicks from dominating
   * @param maxUsersPerItem most recent clickers whose pairs a row enumerates, 2..100,000 (default
   *     {@value #DEFAULT_MAX_USERS_PER_ITEM}); the row cost grows with its square
   * @param maxItemsPerUser most recent items kept per user, 2..100,000 (default
   *     {@value #DEFAULT_MAX_ITEMS_PER_USER})
   */
  public record Params(int topK, double alpha, double beta, int maxUsersPerItem, int maxItemsPerUser) {

    public static final int DEFAULT_TOP_K = 100;
    public static final double DEFAULT_ALPHA = 1.0;
    public static final double DEFAULT_BETA = 5.0;
    public static final int DEFAULT_MAX_USERS_PER_ITEM = 200;
    public static final int DEFAULT_MAX_ITEMS_PER_USER = 200;

    public Params {
      ParamBounds.check("topK", topK, 1, 10_000);
      ParamBounds.check("alpha", alpha, 0, 1e6);
      ParamBounds.check("beta", beta, 0, 1e6);
      ParamBounds.check("maxUsersPerItem", maxUsersPerItem, 2, 100_000);
      ParamBounds.check("maxItemsPerUser", maxItemsPerUser, 2, 100_000);
    }

    public static Params defaults() {
      return new Params(DEFAULT_TOP_K, DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_MAX_USERS_PER_ITEM,
          DEFAULT_MAX_ITEMS_PER_USER);
    }

    public Params withTopK(int k) {
      return new Params(k, alpha, beta, maxUsersPerItem, maxItemsPerUser);
    }

    public Params withAlpha(double a) {
      return new Params(topK, a, beta, maxUsersPerItem, maxItemsPerUser);
    }

    public Params withBeta(double b) {
      return new Params(topK, alpha, b, maxUsersPerItem, maxItemsPerUser);
    }

    public Params withMaxUsersPerItem(int cap) {
      return new Params(topK, alpha, beta, cap, maxItemsPerUser);
    }

    public Params withMaxItemsPerUser(int cap) {
      return new Params(topK, alpha, beta, maxUsersPerItem, cap);
    }
  }

  private Swing() {}

  /**
   * Builds the table from the positives of {@code train}, in parallel on the common fork-join pool.
   *
   * @param numUsers number of user rows the interactions may reference
   * @param numItems number of item rows; the table has one row per item
   */
  public static I2iTable build(Interactions train, int numUsers, int numItems, Params params) {
    return build(graph(train, numUsers, numItems, params), params, true);
  }

  static ClickGraph graph(Interactions train, int numUsers, int numItems, Params params) {
    return ClickGraph.of(train, numUsers, numItems, params.maxItemsPerUser(), params.maxUsersPerItem());
  }

  static I2iTable build(ClickGraph g, Params params, boolean parallel) {
    int numItems = g.numItems();
    int[][] neighbors = new int[numItems][];
    float[][] scores = new float[numItems][];
    double[] userWeight = new double[g.numUsers()];
    for (int u = 0; u < userWeight.length; u++) {
      userWeight[u] = 1 / Math.sqrt(g.userDegree(u) + params.beta());
    }
    int maxUserDegree = 0;
    for (int u = 0; u < g.numUsers(); u++) {
      maxUserDegree = Math.max(maxUserDegree, g.userDegree(u));
    }
    int maxSample = 0;
    for (int i = 0; i < numItems; i++) {
      maxSample = Math.max(maxSample, g.sampleSize(i));
    }
    int maxCommon = maxUserDegree;
    int maxAudience = maxSample;
    ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(
        () -> new Scratch(numItems, params.topK(), maxCommon, maxAudience));
    IntStream items = IntStream.range(0, numItems);
    (parallel ? items.parallel() : items).forEach(i -> {
      Scratch s = scratch.get();
      row(g, i, userWeight, params.alpha(), s);
      neighbors[i] = s.row.neighbors;
      scores[i] = s.row.scores;
    });
    return I2iTable.of(neighbors, scores);
  }

  /** Row working memory on top of {@link RowScratch}: overlap marks and the pair's common items. */
  private static final class Scratch {
    final RowScratch row;
    final int[] stampOf;
    int stamp;
    final int[] common;
    final long[] order;

    Scratch(int numItems, int topK, int maxUserDegree, int maxSample) {
      row = new RowScratch(numItems, topK);
      stampOf = new int[numItems];
      common = new int[maxUserDegree];
      order = new long[maxSample];
    }

    int nextStamp() {
      if (stamp == Integer.MAX_VALUE) {
        Arrays.fill(stampOf, 0);
        stamp = 0;
      }
      return ++stamp;
    }
  }

  private static void row(ClickGraph g, int i, double[] userWeight, double alpha, Scratch s) {
    int[] sampleUsers = g.sampleUsers();
    int[] userItems = g.userItems();
    int[] stampOf = s.stampOf;
    int[] common = s.common;
    RowScratch row = s.row;

    // The item's sampled users, most items first (ties by index): packed so a primitive sort
    // orders them.
    int from = g.sampleStart(i);
    int n = g.sampleSize(i);
    long[] order = s.order;
    for (int a = 0; a < n; a++) {
      int u = sampleUsers[from + a];
      order[a] = ((long) (Integer.MAX_VALUE - g.userDegree(u)) << 32) | u;
    }
    Arrays.sort(order, 0, n);

    for (int a = 0; a < n - 1; a++) {
      int u = (int) order[a];
      int mark = s.nextStamp();
      for (int q = g.userStart(u), end = g.userStart(u + 1); q < end; q++) {
        stampOf[userItems[q]] = mark;
      }
      double wu = userWeight[u];
      for (int b = a + 1; b < n; b++) {
        int v = (int) order[b];
        int c = 0;
        for (int q = g.userStart(v), end = g.userStart(v + 1); q < end; q++) {
          int j = userItems[q];
          if (stampOf[j] == mark) {
            common[c++] = j;
          }
        }
        // c >= 1: both users clicked i.
        double w = wu * userWeight[v] / (alpha + c);
        for (int x = 0; x < c; x++) {
          int j = common[x];
          if (j != i) {
            row.add(j, w);
          }
        }
      }
    }
    double all = g.itemDegree(i);
    double scale = n == all ? 1 : all * (all - 1) / ((double) n * (n - 1));
    for (int t = 0; t < row.touchedCount; t++) {
      int j = row.touched[t];
      float sim = (float) (scale * row.acc[j]);
      if (sim > 0) {
        row.top.offer(j, sim);
      }
    }
    row.finishRow();
  }
}
