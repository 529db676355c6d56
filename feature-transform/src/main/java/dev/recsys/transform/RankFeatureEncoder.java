package dev.recsys.transform;

import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import java.util.List;

/**
 * Builds the ranker's input row for a (user, item) pair from the user and item feature rows.
 * Offline training and online serving both call this class on batches with the columns of
 * {@link FeatureTables#USER} and {@link FeatureTables#ITEM}, so the two rows are identical by
 * construction (and a test checks it).
 *
 * <p>Missing user or item rows (cold start) encode as NaN for numeric features and bucket 0 for
 * categorical ones; LightGBM treats NaN as missing.
 *
 * <p>Immutable and thread-safe; {@link Bound} is too.
 */
public final class RankFeatureEncoder {

  /** Bumped whenever a feature is added, removed or computed differently. */
  public static final String VERSION = "rank-v1";

  private static final HashBucket GENDER = new HashBucket(4);
  private static final HashBucket CATEGORY = new HashBucket(64);
  private static final HashBucket CROSS = new HashBucket(256);
  private static final SmoothedRate CTR = new SmoothedRate(1, 9);

  private static final ModelInput INPUT = new ModelInput(VERSION, List.of(
      "user_gender",          // 0 categorical
      "user_age",             // 1
      "user_occupation",      // 2 categorical (code as id)
      "user_ctr",             // 3
      "user_log_impressions", // 4
      "item_category",        // 5 categorical
      "item_year",            // 6
      "item_ctr",             // 7
      "item_log_clicks",      // 8
      "cross_gender_category",// 9 categorical
      "cross_age_category"),  // 10 categorical
      List.of(0, 2, 5, 9, 10));

  private static final Bucketize AGE_BANDS = new Bucketize(new double[] {18, 25, 35, 45, 50, 56});

  private RankFeatureEncoder() {}

  public static ModelInput input() {
    return INPUT;
  }

  /**
   * Resolves the columns of one user batch and one item batch once, so encoding many pairs does
   * no name lookups. Either batch may be {@code null} (no such entity rows at all).
   *
   * @throws IllegalArgumentException when a batch lacks a column or has the wrong type
   */
  public static Bound bind(ColumnBatch users, ColumnBatch items) {
    return new Bound(users, items);
  }

  /** An encoder bound to one user batch and one item batch. */
  public static final class Bound {
    private final Column gender;
    private final Column age;
    private final Column occupation;
    private final Column userClicks;
    private final Column userImpressions;
    private final Column category;
    private final Column year;
    private final Column itemClicks;
    private final Column itemImpressions;

    private Bound(ColumnBatch users, ColumnBatch items) {
      gender = col(users, "user", "gender", ColumnType.STRING);
      age = col(users, "user", "age", ColumnType.INT32);
      occupation = col(users, "user", "occupation", ColumnType.INT32);
      userClicks = col(users, "user", "clicks", ColumnType.INT64);
      userImpressions = col(users, "user", "impressions", ColumnType.INT64);
      category = col(items, "item", "category", ColumnType.STRING);
      year = col(items, "item", "year", ColumnType.INT32);
      itemClicks = col(items, "item", "clicks", ColumnType.INT64);
      itemImpressions = col(items, "item", "impressions", ColumnType.INT64);
    }

    private static Column col(ColumnBatch batch, String entity, String name, ColumnType type) {
      if (batch == null) {
        return null;
      }
      Column c = batch.find(name).orElseThrow(() -> new IllegalArgumentException(entity
          + " features lack column '" + name + "'; the encoder needs " + FeatureTables.byEntity(entity).columnNames()));
      if (c.type() != type) {
        throw new IllegalArgumentException(entity + " feature '" + name + "' has type " + c.type()
            + "; the encoder needs " + type);
      }
      return c;
    }

    /**
     * Writes the {@link ModelInput#width()} features of the pair into {@code out} at
     * {@code offset}. A row index of -1 means the entity is unknown.
     */
    public void encode(int userRow, int itemRow, float[] out, int offset) {
      boolean hasUser = userRow >= 0 && gender != null;
      boolean hasItem = itemRow >= 0 && category != null;
      String g = hasUser ? ((String[]) gender.values())[userRow] : null;
      double a = hasUser ? age.getDouble(userRow) : Double.NaN;
      String c = hasItem ? ((String[]) category.values())[itemRow] : null;

      out[offset] = hasUser ? GENDER.apply(g) : 0;
      out[offset + 1] = (float) a;
      out[offset + 2] = hasUser && !occupation.isNull(userRow) ? ((int[]) occupation.values())[userRow] : Float.NaN;
      out[offset + 3] = hasUser ? (float) CTR.apply(userClicks.getDouble(userRow), userImpressions.getDouble(userRow)) : Float.NaN;
      out[offset + 4] = hasUser ? (float) Math.log1p(nanToZero(userImpressions.getDouble(userRow))) : Float.NaN;
      out[offset + 5] = hasItem ? CATEGORY.apply(c) : 0;
      out[offset + 6] = hasItem ? (float) year.getDouble(itemRow) : Float.NaN;
      out[offset + 7] = (float) CTR.apply(hasItem ? itemClicks.getDouble(itemRow) : 0, hasItem ? itemImpressions.getDouble(itemRow) : 0);
      out[offset + 8] = hasItem ? (float) Math.log1p(nanToZero(itemClicks.getDouble(itemRow))) : Float.NaN;
      out[offset + 9] = hasUser && hasItem ? CROSS.apply(g + "\u0001" + c) : 0;
      out[offset + 10] = hasUser && hasItem ? CROSS.apply(AGE_BANDS.apply(a) + "\u0001" + c) : 0;
    }

    private static double nanToZero(double v) {
      return Double.isNaN(v) ? 0 : v;
    }
  }
}
