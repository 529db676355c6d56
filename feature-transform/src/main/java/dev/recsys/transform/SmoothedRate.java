package dev.recsys.transform;

/**
 * A click-through rate shrunk towards a prior: {@code (clicks + a) / (impressions + a + b)}, so
 * that an item with 1 impression and 1 click does not outrank an item with 1000 and 300.
 */
public record SmoothedRate(double priorClicks, double priorNonClicks) {

  public SmoothedRate {
    if (priorClicks < 0 || priorNonClicks < 0 || priorClicks + priorNonClicks == 0) {
      throw new IllegalArgumentException("priors must be >= 0 and not both 0");
    }
  }

  /** NaN inputs (unknown entity) give the prior rate. */
  public double apply(double clicks, double impressions) {
    double c = Double.isNaN(clicks) ? 0 : clicks;
    double n = Double.isNaN(impressions) ? 0 : impressions;
    return (c + priorClicks) / (n + priorClicks + priorNonClicks);
  }
}
