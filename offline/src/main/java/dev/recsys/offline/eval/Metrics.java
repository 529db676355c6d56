package dev.recsys.offline.eval;

import java.util.Arrays;

/** Binary classification metrics over primitive arrays. */
public final class Metrics {

  private static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counting half. NaN when either class is absent. O(n log n), no boxing:
   * positives' and negatives' scores are sorted apart and merged.
   */
  public static double auc(double[] scores, byte[] labels) {
    int pos = 0;
    for (byte l : labels) {
      pos += l;
    }
    int neg = labels.length - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    double[] p = new double[pos];
    double[] n = new double[neg];
    int pi = 0;
    int ni = 0;
    for (int k = 0; k < labels.length; k++) {
      if (labels[k] == 1) {
        p[pi++] = scores[k];
      } else {
        n[ni++] = scores[k];
      }
    }
    Arrays.sort(p);
    Arrays.sort(n);
    double wins = 0;
    int below = 0;
    for (int k = 0; k < pos; k++) {
      double s = p[k];
      while (below < neg && n[below] < s) {
        below++;
      }
      int equal = below;
      while (equal < neg && n[equal] == s) {
        equal++;
      }
      wins += below + 0.5 * (equal - below);
    }
    return wins / ((double) pos * neg);
  }

  /** Mean negative log-likelihood of the labels under probabilities {@code p}, clipped at 1e-15. */
  public static double logloss(double[] p, byte[] labels) {
    double sum = 0;
    for (int k = 0; k < labels.length; k++) {
      double q = Math.min(1 - EPS, Math.max(EPS, p[k]));
      sum -= labels[k] == 1 ? Math.log(q) : Math.log(1 - q);
    }
    return labels.length == 0 ? Double.NaN : sum / labels.length;
  }
}
