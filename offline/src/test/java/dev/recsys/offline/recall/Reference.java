package dev.recsys.offline.recall;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The similarity formulas written out the slow, obvious way over sets, to check the builders
 * against: sim[i][j] for every pair, no caps, no top-K.
 */
final class Reference {

  private Reference() {}

  /** Each user's distinct items. */
  static Set<Integer>[] sets(int[][] userItems) {
    @SuppressWarnings("unchecked")
    Set<Integer>[] s = new Set[userItems.length];
    for (int u = 0; u < s.length; u++) {
      s[u] = new HashSet<>();
      for (int i : userItems[u]) {
        s[u].add(i);
      }
    }
    return s;
  }

  static double[][] itemCf(int[][] userItems, int numItems) {
    Set<Integer>[] items = sets(userItems);
    double[][] sim = new double[numItems][numItems];
    for (int i = 0; i < numItems; i++) {
      for (int j = 0; j < numItems; j++) {
        if (i == j) {
          continue;
        }
        double num = 0;
        int ni = 0;
        int nj = 0;
        for (Set<Integer> s : items) {
          ni += s.contains(i) ? 1 : 0;
          nj += s.contains(j) ? 1 : 0;
          if (s.contains(i) && s.contains(j)) {
            num += 1 / Math.log(1 + s.size());
          }
        }
        sim[i][j] = num == 0 ? 0 : num / Math.sqrt((double) ni * nj);
      }
    }
    return sim;
  }

  static double[][] swing(int[][] userItems, int numItems, double alpha, double beta) {
    Set<Integer>[] items = sets(userItems);
    double[][] sim = new double[numItems][numItems];
    for (int i = 0; i < numItems; i++) {
      for (int j = 0; j < numItems; j++) {
        if (i == j) {
          continue;
        }
        for (int u = 0; u < items.length; u++) {
          for (int v = u + 1; v < items.length; v++) {
            if (items[u].contains(i) && items[u].contains(j) && items[v].contains(i) && items[v].contains(j)) {
              Set<Integer> common = new HashSet<>(items[u]);
              common.retainAll(items[v]);
              sim[i][j] += Math.pow(items[u].size() + beta, -0.5) * Math.pow(items[v].size() + beta, -0.5)
                  / (alpha + common.size());
            }
          }
        }
      }
    }
    return sim;
  }

  /** A random click log: each user clicks each item with probability p, some twice. */
  static int[][] randomClicks(long seed, int users, int items, double p) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] out = new int[users][];
    for (int u = 0; u < users; u++) {
      int[] row = new int[2 * items];
      int n = 0;
      for (int i = 0; i < items; i++) {
        if (rng.nextDouble() < p) {
          row[n++] = i;
          if (rng.nextDouble() < 0.2) {
            row[n++] = i;
          }
        }
      }
      out[u] = java.util.Arrays.copyOf(row, n);
    }
    return out;
  }
}
