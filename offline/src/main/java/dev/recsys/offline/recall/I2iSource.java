package dev.recsys.offline.recall;

import java.util.Arrays;

/**
 * Recall from an item-to-item table ({@link ItemCf} as {@code itemcf}, {@link Swing} as
 * {@code swing}): the user's recent positives are the triggers, and each candidate scores the sum
 * of its neighbour scores over them.
 *
 * <pre>
 *   score(j) = sum over triggers t of decay^r(t) * sim(t, j)
 * </pre>
 *
 * The triggers are the user's last {@link Params#recentPositives} distinct training positives
 * ({@link UserHistory#positives}), r(t) = 0 for the most recent, 1 for the one before, and so on;
 * with the default decay of 1 every trigger counts the same. Items in the user's training history
 * are never returned; the best k by score are, ties by item index.
 *
 * <p><b>Fallback.</b> A user without training positives (no history at all, or only label-0
 * impressions) gets {@link PopularSource}'s list. A user whose triggers' neighbours give fewer
 * than k candidates outside their history gets those first and then popular items, in popularity
 * order, skipping any already returned. So {@link #topK} returns min(k, items outside the user's
 * history) items, like the popularity baseline, and never throws for a known user.
 *
 * <p>Thread-safe: the table, history and fallback are immutable, and the per-call accumulator is
 * per thread.
 */
public final class I2iSource implements CandidateSource {

  /**
   * @param recentPositives how many of the user's most recent distinct positives trigger, 1..10,000
   *     (default {@value #DEFAULT_RECENT_POSITIVES})
   * @param decay weight factor per step back in time, (0, 1] (default {@value #DEFAULT_DECAY}: no
   *     decay)
   */
  public record Params(int recentPositives, double decay) {

    public static final int DEFAULT_RECENT_POSITIVES = 50;
    public static final double DEFAULT_DECAY = 1.0;

    public Params {
      ParamBounds.check("recentPositives", recentPositives, 1, 10_000);
      ParamBounds.check("decay", decay, Double.MIN_VALUE, 1);
    }

    public static Params defaults() {
      return new Params(DEFAULT_RECENT_POSITIVES, DEFAULT_DECAY);
    }
  }

  private final String name;
  private final I2iTable table;
  private final UserHistory history;
  private final PopularSource fallback;
  private final Params params;
  private final ThreadLocal<Scratch> scratch;

  /**
   * @param name the stable name in reports, {@link ItemCf#NAME} or {@link Swing#NAME} for the
   *     builders here
   * @param fallback fills for users without positives or with too few candidates
   */
  public I2iSource(String name, I2iTable table, UserHistory history, PopularSource fallback, Params params) {
    this.name = name;
    this.table = table;
    this.history = history;
    this.fallback = fallback;
    this.params = params;
    int numItems = table.numItems();
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(numItems));
  }

  public I2iSource(String name, I2iTable table, UserHistory history, PopularSource fallback) {
    this(name, table, history, fallback, Params.defaults());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int[] topK(int user, int k) {
    if (k <= 0) {
      return new int[0];
    }
    int[] positives = history.positives(user);
    if (positives.length == 0) {
      return fallback.topK(user, k);
    }
    Scratch s = scratch.get();
    int triggers = 0;
    double weight = 1;
    for (int p = positives.length - 1; p >= 0 && triggers < params.recentPositives(); p--) {
      int t = positives[p];
      if (s.isTrigger(t, triggers)) {
        continue; // a repeat of a more recent positive
      }
      s.triggers[triggers++] = t;
      for (int r = 0, n = table.size(t); r < n; r++) {
        s.add(table.neighbor(t, r), weight * table.score(t, r));
      }
      weight *= params.decay();
    }

    TopK top = new TopK(Math.min(k, table.numItems()));
    for (int x = 0; x < s.touchedCount; x++) {
      int j = s.touched[x];
      if (!history.hasSeen(user, j)) {
        top.offer(j, s.acc[j]);
      }
    }
    s.clear();
    int[] out = new int[top.size()];
    top.drainBestFirst(out, null);
    if (out.length == k) {
      return out;
    }
    return fillFromPopular(user, k, out);
  }

  private int[] fillFromPopular(int user, int k, int[] chosen) {
    // At most chosen.length of the popular top k are already chosen, so k of them always suffice.
    int[] popular = fallback.topK(user, k);
    int[] sorted = chosen.clone();
    Arrays.sort(sorted);
    int[] out = Arrays.copyOf(chosen, Math.min(k, chosen.length + popular.length));
    int n = chosen.length;
    for (int p = 0; p < popular.length && n < out.length; p++) {
      if (Arrays.binarySearch(sorted, popular[p]) < 0) {
        out[n++] = popular[p];
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Per-thread accumulator over the catalogue; cleared through the touched list after each call. */
  private final class Scratch {
    final double[] acc;
    final boolean[] marked;
    final int[] touched;
    int touchedCount;
    final int[] triggers = new int[params.recentPositives()];

    Scratch(int numItems) {
      acc = new double[numItems];
      marked = new boolean[numItems];
      touched = new int[numItems];
    }

    boolean isTrigger(int item, int count) {
      for (int x = 0; x < count; x++) {
        if (triggers[x] == item) {
          return true;
        }
      }
      return false;
    }

    void add(int item, double w) {
      if (!marked[item]) {
        marked[item] = true;
        touched[touchedCount++] = item;
      }
      acc[item] += w;
    }

    void clear() {
      for (int x = 0; x < touchedCount; x++) {
        acc[touched[x]] = 0;
        marked[touched[x]] = false;
      }
      touchedCount = 0;
    }
  }
}
