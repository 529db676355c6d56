package dev.recsys.transform;

import java.util.Locale;

/**
 * Scales a number to roughly zero mean and unit variance with statistics fitted on training
 * data and then frozen: {@code (f(x) - mean) / std}, where {@code f} is the identity
 * ({@link Kind#ZSCORE}) or {@code log1p(max(0, x))} ({@link Kind#LOG1P_ZSCORE}, for counts with a
 * long tail). A missing value (NaN) becomes 0, the training mean, so a model sees "average" for
 * "unknown" rather than a number it never met.
 *
 * <p>Arithmetic is in double and rounded to float once at the end, so the same input gives the
 * same float bits on every JVM.
 */
public record Normalize(Kind kind, double mean, double std) {

  /** How the raw value is mapped before standardising. */
  public enum Kind {
    ZSCORE,
    LOG1P_ZSCORE;

    /** Lower-case name, as the transform spec spells it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()}; the error names the valid values. */
    public static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.label().equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown normalisation '" + s + "'; expected zscore or log1p_zscore");
    }
  }

  public Normalize {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (!Double.isFinite(mean) || !Double.isFinite(std) || !(std > 0)) {
      throw new IllegalArgumentException("need a finite mean and a finite std > 0, got mean " + mean
          + ", std " + std);
    }
  }

  /**
   * Fits mean and std (population) of {@code f(values)}, ignoring NaN. With no finite value the
   * result is the identity (mean 0, std 1); a constant input gets std 1.
   */
  public static Normalize fit(Kind kind, double[] values) {
    double sum = 0;
    long n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += pre(kind, v);
        n++;
      }
    }
    if (n == 0) {
      return new Normalize(kind, 0, 1);
    }
    double mean = sum / n;
    double sq = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        double d = pre(kind, v) - mean;
        sq += d * d;
      }
    }
    double std = Math.sqrt(sq / n);
    return new Normalize(kind, mean, std > 1e-12 ? std : 1);
  }

  public float apply(double value) {
    if (Double.isNaN(value)) {
      return 0f;
    }
    return (float) ((pre(kind, value) - mean) / std);
  }

  private static double pre(Kind kind, double v) {
    return kind == Kind.LOG1P_ZSCORE ? Math.log1p(Math.max(0, v)) : v;
  }
}
