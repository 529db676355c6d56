package dev.recsys.offline.twotower;

import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import dev.recsys.offline.recall.UserHistory;
import dev.recsys.transform.SequencePooling;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A trained two-tower model: a user tower and an item tower that map to L2-normalised vectors of
 * {@link #dim()} floats whose inner product scores a (user, item) pair.
 *
 * <p>User tower fields, concatenated in this order: user id (row in the user table, or
 * {@link #userOov()}), gender, age bucket, occupation (ids per {@link TwoTowerFeatures}), and the
 * mean of the history item embeddings over the non-padding ids of the user's last
 * {@code historyLength} distinct positive items (their own table, padding id {@link #historyPadding()},
 * whose row is zero). Item tower fields: item id (or the item OOV row), category, year bucket.
 * Then per tower: {@code hidden} ReLU units (none when 0), a linear layer to {@code dim}, L2 norm.
 *
 * <p>Cold rows: after training, users and items without a training positive have their id row
 * replaced by the trained out-of-vocabulary row, so a user with no history is represented by
 * the OOV id plus their demographics, and a never-clicked item by OOV plus category and year.
 *
 * <p>Immutable once {@link TwoTowerTrainer} returns it; then safe to use from several threads.
 */
public final class TwoTowerModel {

  private final TwoTowerConfig config;
  private final String[] userIds;
  private final String[] itemIds;
  private final String[] categories;
  private final int[] userGender;
  private final int[] userAge;
  private final int[] userOccupation;
  private final int[] itemCategory;
  private final int[] itemYear;
  final Tower user;
  final Tower item;

  private TwoTowerModel(TwoTowerConfig config, Users users, Items items) {
    this.config = config;
    this.userIds = users.ids().clone();
    this.itemIds = items.ids().clone();
    this.categories = TwoTowerFeatures.categories(items);
    int nu = users.size();
    int ni = items.size();
    userGender = new int[nu];
    userAge = new int[nu];
    userOccupation = new int[nu];
    for (int u = 0; u < nu; u++) {
      userGender[u] = TwoTowerFeatures.gender(users.genders()[u]);
      userAge[u] = TwoTowerFeatures.age(users.ages()[u]);
      userOccupation[u] = TwoTowerFeatures.occupation(users.occupations()[u]);
    }
    itemCategory = new int[ni];
    itemYear = new int[ni];
    for (int i = 0; i < ni; i++) {
      itemCategory[i] = TwoTowerFeatures.category(categories, items.categories()[i]);
      itemYear[i] = TwoTowerFeatures.year(items.years()[i]);
    }
    int id = config.idDim();
    int side = config.sideDim();
    user = new Tower("user", new Tower.Field[] {
        new Tower.Field("user_index", new Param("user.user_id", nu + 1, id, true), 1, -1),
        new Tower.Field("gender", new Param("user.gender", TwoTowerFeatures.GENDER_VOCAB, side, true), 1, -1),
        new Tower.Field("age_bucket", new Param("user.age", TwoTowerFeatures.AGE_BANDS.buckets(), side, true), 1, -1),
        new Tower.Field("occupation", new Param("user.occupation", TwoTowerFeatures.OCCUPATION_VOCAB, side, true),
            1, -1),
        new Tower.Field("history", new Param("user.history", ni + 1, id, true), config.historyLength(), ni)},
        config.hidden(), config.dim());
    item = new Tower("item", new Tower.Field[] {
        new Tower.Field("item_id", new Param("item.item_id", ni + 1, id, true), 1, -1),
        new Tower.Field("category", new Param("item.category", categories.length + 1, side, true), 1, -1),
        new Tower.Field("year_bucket", new Param("item.year", TwoTowerFeatures.YEAR_BANDS.buckets(), side, true),
            1, -1)},
        config.hidden(), config.dim());
  }

  /** A randomly initialised model for these tables (the trainer's starting point). */
  static TwoTowerModel initial(Users users, Items items, TwoTowerConfig config) {
    TwoTowerModel m = new TwoTowerModel(config, users, items);
    SplittableRandom rng = new SplittableRandom(config.seed());
    m.user.initialise(rng.split(), config.initScale());
    m.item.initialise(rng.split(), config.initScale());
    return m;
  }

  public TwoTowerConfig config() {
    return config;
  }

  /** Output dimension of both towers. */
  public int dim() {
    return config.dim();
  }

  public int numUsers() {
    return userIds.length;
  }

  public int numItems() {
    return itemIds.length;
  }

  /** The user id for a user not in the table (or never seen in training): {@code numUsers()}. */
  public int userOov() {
    return userIds.length;
  }

  /** The id that pads the history input: {@code numItems()}; its embedding is zero. */
  public int historyPadding() {
    return itemIds.length;
  }

  public int historyLength() {
    return config.historyLength();
  }

  /** User ids of the table the model was trained on; row r is user index r. */
  public List<String> userIds() {
    return List.of(userIds);
  }

  /** Item ids; row r is item index r, in history inputs and in the exported item vectors. */
  public List<String> itemIds() {
    return List.of(itemIds);
  }

  /** Sorted categories; category id = 1 + index, 0 = unknown. */
  public List<String> categories() {
    return List.of(categories);
  }

  /**
   * The user tower input for dataset user rows: their id, demographics, and last
   * {@code historyLength} distinct training positives from {@code history}, most recent first. A user
   * without positives gets an all-padding history, and (see the class comment) the OOV id row.
   */
  public UserBatch encode(int[] users, UserHistory history) {
    int n = users.length;
    int len = config.historyLength();
    int[] ids = new int[n];
    int[] g = new int[n];
    int[] a = new int[n];
    int[] o = new int[n];
    int[] h = new int[n * len];
    for (int k = 0; k < n; k++) {
      int u = users[k];
      ids[k] = u;
      g[k] = userGender[u];
      a[k] = userAge[u];
      o[k] = userOccupation[u];
      fillHistory(history.positives(u), history.positives(u).length, h, k * len, len, historyPadding());
    }
    return new UserBatch(n, len, ids, g, a, o, h);
  }

  /** The history row: {@link SequencePooling#lastDistinct}, the rule feature-transform defines. */
  static void fillHistory(int[] positives, int end, int[] out, int off, int len, int padding) {
    SequencePooling.lastDistinct(positives, end, out, off, len, padding);
  }

  /** User vectors, row-major [batch.size()][dim()]. */
  public float[] userEmbeddings(UserBatch batch) {
    if (batch.historyLength() != config.historyLength()) {
      throw new IllegalArgumentException("user batch has history length " + batch.historyLength()
          + ", the model was trained with " + config.historyLength());
    }
    Tower.Activations a = new Tower.Activations(user, batch.size());
    user.forward(batch.fields(), a, 0, batch.size());
    return a.y;
  }

  /** Vectors of all items, row-major [numItems()][dim()], row i for item index i. */
  public float[] itemEmbeddings() {
    int n = itemIds.length;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    Tower.Activations a = new Tower.Activations(item, n);
    item.forward(itemFields(rows, rows), a, 0, n);
    return a.y;
  }

  /** The item vectors with their ids, ready to write for the ANN index. */
  public ItemEmbeddings itemEmbeddingTable() {
    return new ItemEmbeddings(itemIds(), dim(), itemEmbeddings());
  }

  /** Item tower fields for item rows {@code items}, with id rows {@code idRows} (item or OOV). */
  int[][] itemFields(int[] items, int[] idRows) {
    int n = items.length;
    int[] c = new int[n];
    int[] y = new int[n];
    for (int k = 0; k < n; k++) {
      c[k] = itemCategory[items[k]];
      y[k] = itemYear[items[k]];
    }
    return new int[][] {idRows, c, y};
  }

  int userGender(int u) {
    return userGender[u];
  }

  int userAge(int u) {
    return userAge[u];
  }

  int userOccupation(int u) {
    return userOccupation[u];
  }

  /** Points the id rows of users and items never trained on at the trained OOV rows. */
  void foldColdRows(boolean[] userTrained, boolean[] itemTrained) {
    fold(user.fields[0].table(), userTrained, userOov());
    fold(item.fields[0].table(), itemTrained, itemIds.length);
  }

  private static void fold(Param table, boolean[] trained, int oov) {
    int d = table.cols;
    for (int r = 0; r < trained.length; r++) {
      if (!trained[r]) {
        System.arraycopy(table.value, oov * d, table.value, r * d, d);
      }
    }
  }

  @Override
  public String toString() {
    return "TwoTowerModel" + Arrays.toString(new int[] {numUsers(), numItems(), dim()}) + " " + config;
  }
}
