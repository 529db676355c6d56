package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a layer's buckets to its arms. Arms own contiguous bucket ranges in config order, sized
 * by weight. Contiguous ranges are what keep users put: changing one arm's weight only moves the
 * boundaries next to it, so units outside the changed range keep their arm.
 *
 * <p>Sizes use largest-remainder rounding: each arm gets floor(weight * 10000 / total), and the
 * few leftover buckets (fewer than the number of arms) go to the largest remainders, ties to the
 * earlier arm. That is one pass, deterministic, and always covers exactly 10,000 buckets.
 *
 * <p>Immutable and thread-safe.
 */
public final class ArmAllocation {
  private final List<ArmConfig> arms;
  private final int[] start;
  private final int[] size;

  private ArmAllocation(List<ArmConfig> arms, int[] start, int[] size) {
    this.arms = arms;
    this.start = start;
    this.size = size;
  }

  /** Throws {@link IllegalArgumentException} for no arms, a negative weight or all weights 0. */
  public static ArmAllocation of(LayerConfig layer) {
    List<ArmConfig> arms = layer.arms();
    int n = arms.size();
    if (n == 0) {
      throw new IllegalArgumentException("layer '" + layer.name() + "' has no arms");
    }
    long total = 0;
    for (ArmConfig arm : arms) {
      if (arm.weight() < 0) {
        throw new IllegalArgumentException("arm '" + arm.name() + "' of layer '" + layer.name() + "' has negative weight " + arm.weight());
      }
      total += arm.weight();
    }
    if (total == 0) {
      throw new IllegalArgumentException("all arms of layer '" + layer.name() + "' have weight 0");
    }
    int[] size = new int[n];
    long[] remainder = new long[n];
    int assigned = 0;
    for (int i = 0; i < n; i++) {
      long scaled = (long) arms.get(i).weight() * Bucketer.BUCKETS; // fits: < 2^31 * 10^4
      size[i] = (int) (scaled / total);
      remainder[i] = scaled % total;
      assigned += size[i];
    }
    int leftover = Bucketer.BUCKETS - assigned;
    // leftover < n and never exceeds the count of non-zero remainders, so zero-weight arms stay empty.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Long.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
    for (int k = 0; k < leftover; k++) {
      size[order[k]]++;
    }
    int[] start = new int[n];
    for (int i = 1; i < n; i++) {
      start[i] = start[i - 1] + size[i - 1];
    }
    return new ArmAllocation(List.copyOf(arms), start, size);
  }

  /** The arm owning {@code bucket} (0..9999). */
  public ArmConfig armFor(int bucket) {
    return arms.get(armIndexFor(bucket));
  }

  /** Index into {@link #arms()} of the arm owning {@code bucket}. */
  public int armIndexFor(int bucket) {
    if (bucket < 0 || bucket >= Bucketer.BUCKETS) {
      throw new IllegalArgumentException("bucket " + bucket + " is outside [0, " + Bucketer.BUCKETS + ")");
    }
    // Last arm whose range starts at or before the bucket; an empty range shares its start with
    // the next arm, so the search lands on the non-empty one.
    int lo = 0;
    int hi = start.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= bucket) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Start bucket of each arm, in config order (a copy). */
  public int[] rangeStart() {
    return start.clone();
  }

  /** Number of buckets each arm owns, in config order (a copy); sums to {@value Bucketer#BUCKETS}. */
  public int[] rangeSize() {
    return size.clone();
  }

  public List<ArmConfig> arms() {
    return arms;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < arms.size(); i++) {
      parts.add(arms.get(i).name() + "=[" + start[i] + "," + (start[i] + size[i]) + ")");
    }
    return "ArmAllocation" + parts;
  }
}
