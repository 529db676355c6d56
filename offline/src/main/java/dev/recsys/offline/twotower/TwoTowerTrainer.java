package dev.recsys.offline.twotower;

import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import dev.recsys.offline.recall.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link TwoTowerModel} on the positive (label 1) training interactions with an
 * in-batch softmax ({@link InBatchSoftmax}) and Adam, the step size decaying linearly to zero over
 * the run.
 *
 * <p>One example per first-time positive (a user's repeat positive of the same item is skipped):
 * the user, the item, and as the user's history the last {@code historyLength} distinct
 * positives of that user before this one in time (most recent first). So the model learns to
 * predict the next new item from the ones before it, as it is used at serving time, and an item
 * never appears in the history of its own example. Each epoch shuffles the examples; with probability
 * {@code idDropout} an example's user id (item id) is replaced by the OOV row, which is what
 * trains that row for cold users (items). With {@code recencyHalfLife > 0} each example's loss
 * is weighted by {@code 0.5^(age / half-life)}, so the model fits the recent past, which is what
 * it serves next (popularity drifts); logQ stays the unweighted positive share, because in-batch
 * negatives still arrive at that rate.
 *
 * <p>Deterministic: the same data, config and thread count give the same model bit for bit
 * (the thread count changes only the order of float sums). Not thread-safe; the trainer
 * parallelises each batch over {@code config.threads()} threads itself.
 */
public final class TwoTowerTrainer {

  /**
   * Called after each epoch, on the training thread. {@code model} is the model being trained:
   * usable for evaluation inside the call (cold rows are not yet folded onto the OOV rows), not after.
   */
  public interface Progress {
    void epoch(int epoch, double meanLoss, double seconds, TwoTowerModel model);
  }

  /**
   * @param model     the trained model
   * @param epochLoss mean in-batch softmax loss per epoch (before each step's update)
   * @param seconds   wall time of the whole call: data preparation, training and any time spent in {@code progress}
   * @param examples  examples per epoch: the training positives that are not repeats
   */
  public record Result(TwoTowerModel model, double[] epochLoss, double seconds, int examples) {}

  private final TwoTowerConfig config;

  public TwoTowerTrainer(TwoTowerConfig config) {
    this.config = config;
  }

  public Result train(Users users, Items items, Interactions train) {
    return train(users, items, train, (e, l, s, m) -> { });
  }

  /**
   * @throws IllegalArgumentException when {@code train} has no positive or references a user or
   *     item row outside the tables
   */
  public Result train(Users users, Items items, Interactions train, Progress progress) {
    long start = System.nanoTime();
    int nu = users.size();
    int ni = items.size();
    for (int k = 0; k < train.size(); k++) {
      if (train.users()[k] < 0 || train.users()[k] >= nu || train.items()[k] < 0 || train.items()[k] >= ni) {
        throw new IllegalArgumentException("training interaction " + k + " references user row " + train.users()[k]
            + " / item row " + train.items()[k] + " outside the tables (" + nu + " users, " + ni + " items)");
      }
    }
    UserHistory history = UserHistory.of(train, nu);
    int total = train.positives();
    if (total < 2) {
      throw new IllegalArgumentException("two-tower training needs at least 2 positive (label 1) training"
          + " interactions, found " + total + " in " + train.size());
    }
    // Examples: first-time positives only. A repeat of an earlier positive is not something the
    // model is asked for (recall skips the user's history), and fitting repeats teaches it to
    // echo the history instead of generalising from it.
    int[] exUser = new int[total];
    int[] exPos = new int[total];
    long[] count = new long[ni];
    boolean[] userTrained = new boolean[nu];
    boolean[] itemTrained = new boolean[ni];
    int e = 0;
    HashSet<Integer> earlier = new HashSet<>();
    for (int u = 0; u < nu; u++) {
      int[] pos = history.positives(u);
      earlier.clear();
      for (int k = 0; k < pos.length; k++) {
        if (!earlier.add(pos[k])) {
          continue;
        }
        exUser[e] = u;
        exPos[e++] = k;
        count[pos[k]]++;
        userTrained[u] = true;
        itemTrained[pos[k]] = true;
      }
    }
    int examples = e;
    if (examples < 2) {
      throw new IllegalArgumentException("two-tower training needs at least 2 first-time positives (a user's first"
          + " label-1 interaction with an item), found " + examples + " among " + total + " positives");
    }
    exUser = Arrays.copyOf(exUser, examples);
    exPos = Arrays.copyOf(exPos, examples);
    float[] exWeight = config.recencyHalfLife() > 0 ? recencyWeights(train, history, exUser, exPos, nu) : null;
    float[] logQ = new float[ni];
    for (int i = 0; i < ni; i++) {
      logQ[i] = count[i] == 0 ? 0f : (float) (config.logQWeight() * Math.log((double) count[i] / examples));
    }

    TwoTowerModel model = TwoTowerModel.initial(users, items, config);
    List<Param> params = new ArrayList<>(model.user.params());
    params.addAll(model.item.params());
    Adam adam = new Adam(config.learningRate(), config.weightDecay());
    SplittableRandom rng = new SplittableRandom(config.seed()).split().split();
    int[] order = new int[examples];
    for (int k = 0; k < examples; k++) {
      order[k] = k;
    }
    double[] epochLoss = new double[config.epochs()];
    try (Parallel parallel = new Parallel(config.threads())) {
      InBatchSoftmax loss = new InBatchSoftmax(model, logQ, config.temperature(), parallel);
      BatchBuilder batch = new BatchBuilder(model, history, config);
      long totalSteps = (long) config.epochs() * ((examples - 2) / config.batchSize() + 1);
      long done = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        shuffle(order, rng);
        double sum = 0;
        int steps = 0;
        // A last batch of one has no negative; it is dropped (the shuffle varies which one).
        for (int from = 0; from + 1 < examples; from += config.batchSize()) {
          int n = Math.min(config.batchSize(), examples - from);
          if (n < 2) {
            break;
          }
          batch.fill(order, from, n, exUser, exPos, rng);
          sum += loss.forwardBackward(batch.userFields, batch.itemFields, batch.items, batch.weights(exWeight), n);
          // Linear decay to zero over the run: late steps refine instead of jumping between minima.
          adam.step(params, 1 - (double) done++ / totalSteps);
          steps++;
        }
        epochLoss[epoch] = sum / steps;
        progress.epoch(epoch + 1, epochLoss[epoch], (System.nanoTime() - start) / 1e9, model);
      }
    }
    model.foldColdRows(userTrained, itemTrained);
    return new Result(model, epochLoss, (System.nanoTime() - start) / 1e9, examples);
  }

  /**
   * {@code 0.5^(age / halfLife)} per example, age = newest training timestamp minus the example's,
   * halfLife = recencyHalfLife * the training time span. Example e is the exPos[e]-th positive of
   * user exUser[e] in {@link UserHistory#positives} order (time, then position in {@code train}).
   */
  private float[] recencyWeights(Interactions train, UserHistory history, int[] exUser, int[] exPos, int nu) {
    long[][] times = new long[nu][];
    int[] fill = new int[nu];
    for (int u = 0; u < nu; u++) {
      times[u] = new long[history.positives(u).length];
    }
    for (int k = 0; k < train.size(); k++) {
      if (train.labels()[k] == 1) {
        int u = train.users()[k];
        times[u][fill[u]++] = train.timestamps()[k];
      }
    }
    for (long[] t : times) {
      Arrays.sort(t);
    }
    long newest = train.maxTimestamp();
    double halfLife = config.recencyHalfLife() * Math.max(1, newest - train.minTimestamp());
    float[] w = new float[exUser.length];
    for (int e = 0; e < w.length; e++) {
      w[e] = (float) Math.pow(0.5, (newest - times[exUser[e]][exPos[e]]) / halfLife);
    }
    return w;
  }

  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Reusable id arrays for one batch of examples. */
  static final class BatchBuilder {
    private final TwoTowerModel model;
    private final UserHistory history;
    private final TwoTowerConfig config;
    int[][] userFields;
    int[][] itemFields;
    int[] items;
    private int[] itemIdRows;
    private int[] examples;
    private float[] weights;

    BatchBuilder(TwoTowerModel model, UserHistory history, TwoTowerConfig config) {
      this.model = model;
      this.history = history;
      this.config = config;
    }

    void fill(int[] order, int from, int n, int[] exUser, int[] exPos, SplittableRandom rng) {
      int len = config.historyLength();
      if (items == null || items.length != n) {
        userFields = new int[][] {new int[n], new int[n], new int[n], new int[n], new int[n * len]};
        items = new int[n];
        itemIdRows = new int[n];
        examples = new int[n];
        weights = new float[n];
      }
      for (int b = 0; b < n; b++) {
        int ex = order[from + b];
        examples[b] = ex;
        int u = exUser[ex];
        int[] pos = history.positives(u);
        int k = exPos[ex];
        userFields[0][b] = rng.nextDouble() < config.idDropout() ? model.userOov() : u;
        userFields[1][b] = model.userGender(u);
        userFields[2][b] = model.userAge(u);
        userFields[3][b] = model.userOccupation(u);
        TwoTowerModel.fillHistory(pos, k, userFields[4], b * len, len, model.historyPadding());
        items[b] = pos[k];
        itemIdRows[b] = rng.nextDouble() < config.idDropout() ? model.numItems() : pos[k];
      }
      itemFields = model.itemFields(items, itemIdRows);
    }

    /** The batch's weights from per-example weights, or null when there are none. */
    float[] weights(float[] exWeight) {
      if (exWeight == null) {
        return null;
      }
      for (int b = 0; b < items.length; b++) {
        weights[b] = exWeight[examples[b]];
      }
      return weights;
    }
  }
}
