package dev.recsys.transform.widedeep;

import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.transform.Bucketize;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.HashCross;
import dev.recsys.transform.Normalize;
import dev.recsys.transform.SmoothedRate;
import dev.recsys.transform.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Wide&amp;Deep model input contract {@value #CONTRACT} and the encoder that builds it from a
 * user feature row, an item feature row ({@link FeatureTables#USER}, {@link FeatureTables#ITEM},
 * e.g. as rank-service receives them from feature-service as Arrow) and the request time.
 * Offline training and online serving both encode through this class with the same
 * {@link WideDeepSpec}, so a pair gives the same tensors in both places (tests check it).
 *
 * <h2>Inputs (all row-major, N = pairs scored together)</h2>
 * <ul>
 *   <li>{@value #CATEGORICAL} int64 [N, 7]: {@link #CATEGORICAL_FIELDS}, each an index in
 *       {@code [0, cardinality)}: vocabulary lookups for ids and categories, quantile buckets for
 *       item year. The deep part embeds them.
 *   <li>{@value #WIDE} int64 [N, 6]: {@link #WIDE_FIELDS}: the user and item id indices and four
 *       hashed crosses ({@link #CROSSES}; the context field {@value #TIME} is the request time's
 *       quantile bucket). The wide (linear) part has one weight per index.
 *   <li>{@value #DENSE} float32 [N, 7]: {@link #DENSE_FIELDS}, standardised with training
 *       statistics.
 * </ul>
 * Output: {@value #OUTPUT} float32 [N, 1], the click probability.
 *
 * <h2>Unknown and missing values</h2>
 * A user or item row index of -1 (no such row, e.g. a user the feature store has never seen) or
 * a null column value encodes as: index 0 for its categorical fields and for every cross that
 * involves it; an id absent from the training vocabulary likewise gets 0 ({@link
 * Vocabulary#OOV}); CTRs fall back to the prior and impression counts to 0 (an entity with no
 * history); a missing year gives 0 for item year and item age, the training mean.
 *
 * <p>Immutable and thread-safe; {@link Bound} is too.
 */
public final class WideDeepEncoder {

  /** Bumped whenever a field is added, removed or computed differently. */
  public static final String CONTRACT = "widedeep-v1";

  public static final String CATEGORICAL = "categorical";
  public static final String WIDE = "wide";
  public static final String DENSE = "dense";
  public static final String OUTPUT = "probability";

  static final String ITEM_YEAR = "item_year";
  /** The context field crosses use: the request time's bucket. */
  static final String TIME = "time";

  /** Categorical fields with a vocabulary, in contract order. */
  public static final List<String> VOCABULARY_FIELDS = List.of(
      "user_id", "item_id", "user_gender", "user_age", "user_occupation", "item_category");

  /** Columns of {@value #CATEGORICAL}: the vocabulary fields, then item year buckets. */
  public static final List<String> CATEGORICAL_FIELDS = List.of(
      "user_id", "item_id", "user_gender", "user_age", "user_occupation", "item_category", ITEM_YEAR);

  /** Hashed crosses, by wide field name, of two categorical fields (or {@value #TIME}). */
  public static final Map<String, List<String>> CROSSES = orderedCrosses();

  /** Columns of {@value #WIDE}: user and item id indices, then {@link #CROSSES} in order. */
  public static final List<String> WIDE_FIELDS = wideFields();

  /** Columns of {@value #DENSE}. */
  public static final List<String> DENSE_FIELDS = List.of(
      "user_ctr", "user_log_impressions", "item_ctr", "item_log_impressions", ITEM_YEAR, "request_time",
      "item_age_years");

  static final Map<String, Normalize.Kind> DENSE_KINDS = Map.of(
      "user_ctr", Normalize.Kind.ZSCORE,
      "user_log_impressions", Normalize.Kind.LOG1P_ZSCORE,
      "item_ctr", Normalize.Kind.ZSCORE,
      "item_log_impressions", Normalize.Kind.LOG1P_ZSCORE,
      ITEM_YEAR, Normalize.Kind.ZSCORE,
      "request_time", Normalize.Kind.ZSCORE,
      "item_age_years", Normalize.Kind.ZSCORE);

  /** Where each field comes from, written into the spec for people reading it. */
  static final Map<String, String> SOURCES = Map.ofEntries(
      Map.entry("user_id", "user.user_id"),
      Map.entry("item_id", "item.item_id"),
      Map.entry("user_gender", "user.gender"),
      Map.entry("user_age", "user.age"),
      Map.entry("user_occupation", "user.occupation"),
      Map.entry("item_category", "item.category"),
      Map.entry(ITEM_YEAR, "item.year"),
      Map.entry(TIME, "request timestamp, epoch seconds"),
      Map.entry("user_ctr", "smoothed CTR (user.clicks + a) / (user.impressions + a + b)"),
      Map.entry("user_log_impressions", "user.impressions"),
      Map.entry("item_ctr", "smoothed CTR (item.clicks + a) / (item.impressions + a + b)"),
      Map.entry("item_log_impressions", "item.impressions"),
      Map.entry("request_time", "request timestamp, epoch seconds"),
      Map.entry("item_age_years", "request time in years since 1970 + 1970 - item.year"));

  /** Seconds in a mean Gregorian year, for item age at request time. */
  private static final double SECONDS_PER_YEAR = 365.2425 * 86_400;

  // Column positions inside the three tensors.
  private static final int C_USER = 0;
  private static final int C_ITEM = 1;
  private static final int C_GENDER = 2;
  private static final int C_AGE = 3;
  private static final int C_OCCUPATION = 4;
  private static final int C_CATEGORY = 5;
  private static final int C_YEAR = 6;

  private final WideDeepSpec spec;
  private final Vocabulary userIds;
  private final Vocabulary itemIds;
  private final Vocabulary genders;
  private final Vocabulary ages;
  private final Vocabulary occupations;
  private final Vocabulary categories;
  private final HashCross[] crosses;
  private final int[][] crossInputs;
  private final Normalize[] normalizers;
  private final List<TensorSpec> inputs;

  public WideDeepEncoder(WideDeepSpec spec) {
    this.spec = spec;
    userIds = spec.vocabulary("user_id");
    itemIds = spec.vocabulary("item_id");
    genders = spec.vocabulary("user_gender");
    ages = spec.vocabulary("user_age");
    occupations = spec.vocabulary("user_occupation");
    categories = spec.vocabulary("item_category");
    crosses = new HashCross[CROSSES.size()];
    crossInputs = new int[CROSSES.size()][];
    int k = 0;
    for (Map.Entry<String, List<String>> e : CROSSES.entrySet()) {
      crosses[k] = new HashCross(spec.crossBuckets(e.getKey()));
      // -1 stands for the time bucket, otherwise a categorical column.
      crossInputs[k++] = e.getValue().stream().mapToInt(f -> f.equals(TIME) ? -1 : CATEGORICAL_FIELDS.indexOf(f)).toArray();
    }
    normalizers = DENSE_FIELDS.stream().map(spec::normalizer).toArray(Normalize[]::new);
    inputs = List.of(
        new TensorSpec(CATEGORICAL, TensorSpec.DataType.INT64, CATEGORICAL_FIELDS, categoricalCardinalities()),
        new TensorSpec(WIDE, TensorSpec.DataType.INT64, WIDE_FIELDS, wideCardinalities()),
        new TensorSpec(DENSE, TensorSpec.DataType.FLOAT32, DENSE_FIELDS, List.of()));
  }

  private static Map<String, List<String>> orderedCrosses() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("user_gender_x_item_category", List.of("user_gender", "item_category"));
    m.put("user_age_x_item_category", List.of("user_age", "item_category"));
    m.put("user_occupation_x_item_category", List.of("user_occupation", "item_category"));
    m.put("item_year_x_time", List.of(ITEM_YEAR, TIME));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static List<String> wideFields() {
    List<String> f = new ArrayList<>(List.of("user_id", "item_id"));
    f.addAll(CROSSES.keySet());
    return List.copyOf(f);
  }

  public WideDeepSpec spec() {
    return spec;
  }

  /** The three input tensors in contract order, with this spec's cardinalities. */
  public List<TensorSpec> inputs() {
    return inputs;
  }

  public TensorSpec input(String name) {
    for (TensorSpec t : inputs) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no input '" + name + "'; " + CONTRACT + " has "
        + inputs.stream().map(TensorSpec::name).toList());
  }

  private List<Integer> categoricalCardinalities() {
    return List.of(userIds.size(), itemIds.size(), genders.size(), ages.size(), occupations.size(),
        categories.size(), spec.itemYearBuckets().buckets());
  }

  private List<Integer> wideCardinalities() {
    List<Integer> c = new ArrayList<>(List.of(userIds.size(), itemIds.size()));
    for (String cross : CROSSES.keySet()) {
      c.add(spec.crossBuckets(cross));
    }
    return c;
  }

  /**
   * Resolves the columns of one user batch and one item batch once, so encoding many pairs does
   * no name lookups. Either batch may be null (no rows of that entity at all).
   *
   * @throws IllegalArgumentException when a batch lacks a column or has the wrong type
   */
  public Bound bind(ColumnBatch users, ColumnBatch items) {
    return new Bound(users, items);
  }

  // ---------------------------------------------------------------- fitting

  /** Fitting settings: vocabulary thresholds, bucket counts and the CTR prior. */
  public record FitOptions(int userMinCount, int itemMinCount, int yearBuckets, int timeBuckets,
      Map<String, Integer> crossBuckets, SmoothedRate ctrPrior) {

    public FitOptions {
      crossBuckets = Map.copyOf(crossBuckets);
      if (userMinCount < 1 || itemMinCount < 1 || yearBuckets < 1 || timeBuckets < 1) {
        throw new IllegalArgumentException("min counts and bucket counts must be >= 1: " + this);
      }
    }

    /**
     * Ids seen once are kept; 10 year and 16 time quantile buckets; cross tables a few times
     * larger than their distinct pairs (2 x 18, 7 x 18, 21 x 18, 11 x 17).
     */
    public static FitOptions defaults() {
      Map<String, Integer> b = new LinkedHashMap<>();
      b.put("user_gender_x_item_category", 64);
      b.put("user_age_x_item_category", 256);
      b.put("user_occupation_x_item_category", 1024);
      b.put("item_year_x_time", 512);
      return new FitOptions(1, 1, 10, 16, b, new SmoothedRate(1, 9));
    }
  }

  /**
   * Fits a spec on training rows: row {@code k} pairs user row {@code userRows[k]} with item row
   * {@code itemRows[k]} (-1: unknown) at {@code timestamps[k]}. Vocabularies count rows, so an id
   * is in the vocabulary when it occurs in at least the minimum number of training rows;
   * quantiles and normalisation statistics are over rows too (what the model is trained on).
   */
  public static WideDeepSpec fit(ColumnBatch users, ColumnBatch items, int[] userRows, int[] itemRows,
      long[] timestamps, FitOptions options) {
    int n = userRows.length;
    if (itemRows.length != n || timestamps.length != n) {
      throw new IllegalArgumentException("userRows, itemRows and timestamps differ in length: " + n + ", "
          + itemRows.length + ", " + timestamps.length);
    }
    Columns cols = new Columns(users, items);
    Vocabulary.Counter[] counters = new Vocabulary.Counter[VOCABULARY_FIELDS.size()];
    for (int f = 0; f < counters.length; f++) {
      counters[f] = Vocabulary.counter();
    }
    double[] years = new double[n];
    double[] times = new double[n];
    double[][] raw = new double[DENSE_FIELDS.size()][n];
    double[] dense = new double[DENSE_FIELDS.size()];
    for (int k = 0; k < n; k++) {
      int u = cols.userRow(userRows[k]);
      int i = cols.itemRow(itemRows[k]);
      counters[C_USER].add(cols.userId(u));
      counters[C_ITEM].add(cols.itemId(i));
      counters[C_GENDER].add(cols.gender(u));
      counters[C_AGE].add(cols.age(u));
      counters[C_OCCUPATION].add(cols.occupation(u));
      counters[C_CATEGORY].add(cols.category(i));
      years[k] = cols.year(i);
      times[k] = timestamps[k];
      cols.rawDense(u, i, timestamps[k], options.ctrPrior(), dense);
      for (int f = 0; f < dense.length; f++) {
        raw[f][k] = dense[f];
      }
    }
    Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
    for (int f = 0; f < counters.length; f++) {
      int min = f == C_USER ? options.userMinCount() : f == C_ITEM ? options.itemMinCount() : 1;
      vocabularies.put(VOCABULARY_FIELDS.get(f), counters[f].build(min, Integer.MAX_VALUE));
    }
    Map<String, Normalize> normalizers = new LinkedHashMap<>();
    for (int f = 0; f < DENSE_FIELDS.size(); f++) {
      String name = DENSE_FIELDS.get(f);
      normalizers.put(name, Normalize.fit(DENSE_KINDS.get(name), raw[f]));
    }
    Map<String, Integer> crossBuckets = new LinkedHashMap<>();
    for (String cross : CROSSES.keySet()) {
      Integer b = options.crossBuckets().get(cross);
      if (b == null) {
        throw new IllegalArgumentException("fit options lack the bucket count of cross '" + cross + "'");
      }
      crossBuckets.put(cross, b);
    }
    return new WideDeepSpec(vocabularies, Bucketize.quantiles(years, options.yearBuckets()),
        Bucketize.quantiles(times, options.timeBuckets()), crossBuckets, normalizers, options.ctrPrior());
  }

  // ---------------------------------------------------------------- encoding

  /** The encoder bound to one user batch and one item batch. */
  public final class Bound {
    private final Columns cols;

    private Bound(ColumnBatch users, ColumnBatch items) {
      cols = new Columns(users, items);
    }

    /**
     * Writes the pair (user row {@code userRow}, item row {@code itemRow}) at request time
     * {@code timestamp} (epoch seconds) into row {@code row} of {@code out}. A row index of -1
     * means the entity is unknown; see the class comment for what unknown values become.
     */
    public void encode(int userRow, int itemRow, long timestamp, WideDeepBatch out, int row) {
      int u = cols.userRow(userRow);
      int i = cols.itemRow(itemRow);
      int[] cat = new int[CATEGORICAL_FIELDS.size()];
      cat[C_USER] = userIds.index(cols.userId(u));
      cat[C_ITEM] = itemIds.index(cols.itemId(i));
      cat[C_GENDER] = genders.index(cols.gender(u));
      cat[C_AGE] = ages.index(cols.age(u));
      cat[C_OCCUPATION] = occupations.index(cols.occupation(u));
      cat[C_CATEGORY] = categories.index(cols.category(i));
      cat[C_YEAR] = spec.itemYearBuckets().apply(cols.year(i));
      int time = spec.timeBuckets().apply(timestamp);

      long[] c = out.categorical();
      int co = row * cat.length;
      for (int f = 0; f < cat.length; f++) {
        c[co + f] = cat[f];
      }
      long[] w = out.wide();
      int wo = row * WIDE_FIELDS.size();
      w[wo] = cat[C_USER];
      w[wo + 1] = cat[C_ITEM];
      for (int k = 0; k < crosses.length; k++) {
        int a = cat[crossInputs[k][0]];
        int b = crossInputs[k][1] < 0 ? time : cat[crossInputs[k][1]];
        w[wo + 2 + k] = crosses[k].apply(a, b);
      }
      double[] raw = new double[normalizers.length];
      cols.rawDense(u, i, timestamp, spec.ctrPrior(), raw);
      float[] d = out.dense();
      int dOff = row * normalizers.length;
      for (int f = 0; f < normalizers.length; f++) {
        d[dOff + f] = normalizers[f].apply(raw[f]);
      }
    }
  }

  /**
   * The typed columns the encoder reads, resolved once per batch pair. Row arguments are the
   * caller's row indices mapped by {@link #userRow}/{@link #itemRow}: -1 when unknown.
   */
  private static final class Columns {
    private final String[] userId;
    private final String[] gender;
    private final Column age;
    private final Column occupation;
    private final Column userClicks;
    private final Column userImpressions;
    private final String[] itemId;
    private final String[] category;
    private final Column year;
    private final Column itemClicks;
    private final Column itemImpressions;
    private final int userCount;
    private final int itemCount;

    Columns(ColumnBatch users, ColumnBatch items) {
      userId = strings(col(users, "user", "user_id", ColumnType.STRING));
      gender = strings(col(users, "user", "gender", ColumnType.STRING));
      age = col(users, "user", "age", ColumnType.INT32);
      occupation = col(users, "user", "occupation", ColumnType.INT32);
      userClicks = col(users, "user", "clicks", ColumnType.INT64);
      userImpressions = col(users, "user", "impressions", ColumnType.INT64);
      itemId = strings(col(items, "item", "item_id", ColumnType.STRING));
      category = strings(col(items, "item", "category", ColumnType.STRING));
      year = col(items, "item", "year", ColumnType.INT32);
      itemClicks = col(items, "item", "clicks", ColumnType.INT64);
      itemImpressions = col(items, "item", "impressions", ColumnType.INT64);
      userCount = users == null ? 0 : users.rowCount();
      itemCount = items == null ? 0 : items.rowCount();
    }

    private static Column col(ColumnBatch batch, String entity, String name, ColumnType type) {
      if (batch == null) {
        return null;
      }
      Column c = batch.find(name).orElseThrow(() -> new IllegalArgumentException(entity
          + " features lack column '" + name + "'; the " + CONTRACT + " encoder needs "
          + FeatureTables.byEntity(entity).columnNames()));
      if (c.type() != type) {
        throw new IllegalArgumentException(entity + " feature '" + name + "' has type " + c.type()
            + "; the " + CONTRACT + " encoder needs " + type);
      }
      return c;
    }

    private static String[] strings(Column c) {
      return c == null ? null : (String[]) c.values();
    }

    int userRow(int row) {
      if (row >= userCount) {
        throw new IndexOutOfBoundsException("user row " + row + " outside the user batch of " + userCount + " rows");
      }
      return row < 0 ? -1 : row;
    }

    int itemRow(int row) {
      if (row >= itemCount) {
        throw new IndexOutOfBoundsException("item row " + row + " outside the item batch of " + itemCount + " rows");
      }
      return row < 0 ? -1 : row;
    }

    String userId(int u) {
      return u < 0 ? null : userId[u];
    }

    String gender(int u) {
      return u < 0 ? null : gender[u];
    }

    String age(int u) {
      return u < 0 || age.isNull(u) ? null : Integer.toString(((int[]) age.values())[u]);
    }

    String occupation(int u) {
      return u < 0 || occupation.isNull(u) ? null : Integer.toString(((int[]) occupation.values())[u]);
    }

    String itemId(int i) {
      return i < 0 ? null : itemId[i];
    }

    String category(int i) {
      return i < 0 ? null : category[i];
    }

    double year(int i) {
      return i < 0 ? Double.NaN : year.getDouble(i);
    }

    /** The dense fields before normalisation, in {@link #DENSE_FIELDS} order, into {@code out}. */
    void rawDense(int u, int i, long timestamp, SmoothedRate ctr, double[] out) {
      double uc = u < 0 ? 0 : userClicks.getDouble(u);
      double ui = u < 0 ? 0 : userImpressions.getDouble(u);
      double ic = i < 0 ? 0 : itemClicks.getDouble(i);
      double ii = i < 0 ? 0 : itemImpressions.getDouble(i);
      double y = year(i);
      out[0] = ctr.apply(uc, ui);
      out[1] = Double.isNaN(ui) ? 0 : ui;
      out[2] = ctr.apply(ic, ii);
      out[3] = Double.isNaN(ii) ? 0 : ii;
      out[4] = y;
      out[5] = timestamp;
      out[6] = 1970 + timestamp / SECONDS_PER_YEAR - y;
    }
  }
}
