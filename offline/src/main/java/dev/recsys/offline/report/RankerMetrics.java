package dev.recsys.offline.report;

/**
 * A ranker's (or a baseline's) quality on the held-out split. {@code bayesOptimalAuc} is NaN for
 * data without a known ground truth; {@code seconds} is its training time, 0 for baselines.
 */
public record RankerMetrics(String name, double auc, double logloss, double bayesOptimalAuc, double seconds,
    boolean baseline) {

  /** AUC as a fraction of the best any model could reach on this data; NaN when unknown. */
  public double fractionOfBayes() {
    return auc / bayesOptimalAuc;
  }
}
