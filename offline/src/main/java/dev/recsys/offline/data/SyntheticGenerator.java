package dev.recsys.offline.data;

import dev.recsys.offline.eval.Metrics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic dataset with a known ground truth, so offline metrics can be compared with the best
 * any model could do.
 *
 * <p>The hidden model: each user and item has a latent factor of {@value #DIM} dimensions. A
 * user's factor is the sum of per-gender, per-age-bracket and per-occupation vectors plus noise;
 * an item's is its category's vector plus noise, so demographics and category carry part of the
 * signal a ranker can learn. The click logit is
 * {@code BASE + userBias + itemQuality + 0.5 * <u, v> + drift}, where drift makes recent items
 * more appealing as time goes on. Exposure (which item a user is shown) is Zipf-like in a random
 * popularity rank, tilted towards good items, and shifts towards recent items over the time span.
 * Each interaction is one exposure at time t with label ~ Bernoulli(p_true(u, i, t)).
 *
 * <p>Everything derives from {@link SplittableRandom} (SplitMix64, whose output the JDK
 * specifies), a hand-written Box-Muller and {@link StrictMath}, so one seed and size give the
 * same dataset on every JVM. The generator is immutable after construction and thread-safe.
 */
public final class SyntheticGenerator {

  public static final int DIM = 8;
  /** 2000-01-01T00:00:00Z, about where MovieLens-1M starts. */
  public static final long START = 946_684_800L;
  public static final long SPAN = 3L * 365 * 86_400;

  static final String[] GENRES = {"Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
      "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
      "Sci-Fi", "Thriller", "War", "Western"};
  private static final double[] GENRE_WEIGHTS = {10, 5, 2, 3, 16, 4, 2, 20, 1, 0.5, 5, 1.5, 2, 7, 4, 7, 2, 1};
  static final int[] AGES = {1, 18, 25, 35, 45, 50, 56};
  private static final double[] AGE_WEIGHTS = {0.04, 0.18, 0.35, 0.20, 0.09, 0.08, 0.06};
  private static final int OCCUPATIONS = 21;
  private static final double BASE = -1.25;
  private static final double FACTOR_SCALE = 0.5;
  private static final double DRIFT_APPEAL = 2.0;
  private static final double DRIFT_EXPOSURE = 2.0;
  private static final double ZIPF = 0.7;
  /** Exposure tables are rebuilt per epoch rather than per timestamp, which keeps sampling O(log n). */
  private static final int EPOCHS = 12;

  private final Size size;
  private final long seed;
  private final Users users;
  private final Items items;
  private final double[] userFactors;
  private final double[] itemFactors;
  private final double[] userBias;
  private final double[] userActivity;
  private final double[] itemQuality;
  private final double[] itemRecency;
  private final double[] itemExposure;
  private final Map<String, Integer> userIndex;
  private final Map<String, Integer> itemIndex;

  public SyntheticGenerator(Size size, long seed) {
    this.size = size;
    this.seed = seed;
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom latent = root.split();
    SplittableRandom userRng = root.split();
    SplittableRandom itemRng = root.split();

    double[] genderVec = gaussians(latent, 2 * DIM, 0.6);
    double[] ageVec = gaussians(latent, AGES.length * DIM, 0.5);
    double[] occVec = gaussians(latent, OCCUPATIONS * DIM, 0.3);
    double[] genreVec = gaussians(latent, GENRES.length * DIM, 0.7);

    int nu = size.users();
    String[] uid = new String[nu];
    String[] genders = new String[nu];
    int[] ages = new int[nu];
    int[] occupations = new int[nu];
    userFactors = new double[nu * DIM];
    userBias = new double[nu];
    userActivity = new double[nu];
    for (int u = 0; u < nu; u++) {
      uid[u] = Integer.toString(u + 1);
      int g = userRng.nextDouble() < 0.72 ? 0 : 1;
      int a = pick(AGE_WEIGHTS, userRng.nextDouble());
      int o = userRng.nextInt(OCCUPATIONS);
      genders[u] = g == 0 ? "M" : "F";
      ages[u] = AGES[a];
      occupations[u] = o;
      for (int d = 0; d < DIM; d++) {
        userFactors[u * DIM + d] = genderVec[g * DIM + d] + ageVec[a * DIM + d] + occVec[o * DIM + d]
            + 0.5 * gaussian(userRng);
      }
      userBias[u] = 0.4 * gaussian(userRng);
      userActivity[u] = StrictMath.exp(gaussian(userRng));
    }
    users = new Users(uid, genders, ages, occupations);

    int ni = size.items();
    String[] iid = new String[ni];
    String[] titles = new String[ni];
    String[] categories = new String[ni];
    int[] years = new int[ni];
    itemFactors = new double[ni * DIM];
    itemQuality = new double[ni];
    itemRecency = new double[ni];
    itemExposure = new double[ni];
    int[] rank = permutation(ni, itemRng);
    for (int i = 0; i < ni; i++) {
      iid[i] = Integer.toString(i + 1);
      int c = pick(GENRE_WEIGHTS, itemRng.nextDouble());
      int age = (int) Math.min(80, -12 * StrictMath.log(1 - itemRng.nextDouble()));
      years[i] = 2000 - age;
      categories[i] = GENRES[c];
      titles[i] = GENRES[c] + " story " + iid[i] + " (" + years[i] + ")";
      for (int d = 0; d < DIM; d++) {
        itemFactors[i * DIM + d] = 0.8 * genreVec[c * DIM + d] + 0.5 * gaussian(itemRng);
      }
      itemQuality[i] = 0.5 * gaussian(itemRng);
      itemRecency[i] = StrictMath.exp(-age / 8.0);
      itemExposure[i] = -ZIPF * StrictMath.log(rank[i] + 1) + 0.5 * itemQuality[i] + 0.3 * gaussian(itemRng);
    }
    items = new Items(iid, titles, categories, years);
    userIndex = users.index();
    itemIndex = items.index();
  }

  public Size size() {
    return size;
  }

  public long seed() {
    return seed;
  }

  public Users users() {
    return users;
  }

  public Items items() {
    return items;
  }

  /** Draws the interactions; the same generator always draws the same ones. */
  public Dataset generate() {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    int n = size.interactions();
    long[] ts = new long[n];
    for (int k = 0; k < n; k++) {
      ts[k] = START + (long) (rng.nextDouble() * SPAN);
    }
    Arrays.sort(ts);

    double[] userCum = cumulative(userActivity);
    double[][] itemCum = new double[EPOCHS][];
    double[] w = new double[items.size()];
    for (int e = 0; e < EPOCHS; e++) {
      double frac = (e + 0.5) / EPOCHS;
      for (int i = 0; i < w.length; i++) {
        w[i] = StrictMath.exp(itemExposure[i] + DRIFT_EXPOSURE * frac * itemRecency[i]);
      }
      itemCum[e] = cumulative(w);
    }

    int[] us = new int[n];
    int[] is = new int[n];
    byte[] labels = new byte[n];
    for (int k = 0; k < n; k++) {
      int epoch = (int) Math.min(EPOCHS - 1, (ts[k] - START) * EPOCHS / SPAN);
      int u = sample(userCum, rng.nextDouble());
      int i = sample(itemCum[epoch], rng.nextDouble());
      us[k] = u;
      is[k] = i;
      labels[k] = rng.nextDouble() < probability(u, i, ts[k]) ? (byte) 1 : 0;
    }
    return new Dataset(users, items, new Interactions(us, is, ts, new byte[n], labels));
  }

  /** Generates and writes the dataset layout into {@code dir}; returns what it wrote. */
  public Dataset writeTo(Path dir) {
    Dataset d = generate();
    DatasetFiles.write(dir, d, DatasetInfo.of(DatasetInfo.SYNTHETIC, seed, size.label(), d));
    return d;
  }

  /**
   * The ground-truth probability that {@code userId} clicks {@code itemId} when shown it at
   * {@code timestamp} (epoch seconds).
   *
   * @throws IllegalArgumentException for an id this generator did not create
   */
  public double clickProbability(String userId, String itemId, long timestamp) {
    Integer u = userIndex.get(userId);
    Integer i = itemIndex.get(itemId);
    if (u == null || i == null) {
      throw new IllegalArgumentException("unknown " + (u == null ? "user '" + userId : "item '" + itemId)
          + "' for the synthetic " + size.label() + " dataset with seed " + seed);
    }
    return probability(u, i, timestamp);
  }

  /** p_true for each interaction; its user and item rows are resolved through ids, once per table. */
  public double[] trueProbabilities(Users u, Items it, Interactions in) {
    int[] userMap = remap(u.ids(), userIndex, "user");
    int[] itemMap = remap(it.ids(), itemIndex, "item");
    double[] p = new double[in.size()];
    for (int k = 0; k < p.length; k++) {
      p[k] = probability(userMap[in.users()[k]], itemMap[in.items()[k]], in.timestamps()[k]);
    }
    return p;
  }

  /** The Bayes-optimal AUC on these interactions: the AUC of p_true against their labels. */
  public double bayesOptimalAuc(Users u, Items it, Interactions in) {
    return Metrics.auc(trueProbabilities(u, it, in), in.labels());
  }

  private double probability(int u, int i, long timestamp) {
    double frac = Math.max(0, Math.min(1, (timestamp - START) / (double) SPAN));
    double dot = 0;
    int uo = u * DIM;
    int io = i * DIM;
    for (int d = 0; d < DIM; d++) {
      dot += userFactors[uo + d] * itemFactors[io + d];
    }
    double logit = BASE + userBias[u] + itemQuality[i] + FACTOR_SCALE * dot
        + DRIFT_APPEAL * (frac - 0.5) * (itemRecency[i] - 0.3);
    return 1 / (1 + StrictMath.exp(-logit));
  }

  private static int[] remap(String[] ids, Map<String, Integer> index, String what) {
    int[] map = new int[ids.length];
    for (int k = 0; k < ids.length; k++) {
      Integer v = index.get(ids[k]);
      if (v == null) {
        throw new IllegalArgumentException("unknown " + what + " '" + ids[k] + "': not from this generator");
      }
      map[k] = v;
    }
    return map;
  }

  private static double[] cumulative(double[] weights) {
    double[] cum = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cum[i] = sum;
    }
    return cum;
  }

  /** Index of the first cumulative weight above {@code r * total}. */
  private static int sample(double[] cum, double r) {
    double x = r * cum[cum.length - 1];
    int lo = 0;
    int hi = cum.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static int pick(double[] weights, double r) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static double[] gaussians(SplittableRandom rng, int n, double sd) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = sd * gaussian(rng);
    }
    return v;
  }

  /** Box-Muller; written out so the sequence does not depend on the JDK's nextGaussian. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }
}
