package dev.recsys.offline.train;

/**
 * LightGBM training settings. The defaults train 1M rows in well under a minute on two cores.
 *
 * @param version       model version directory name under models/lightgbm/
 * @param maxTrainRows  train rows above this are subsampled (uniformly, seeded); metadata says so
 */
public record TrainOptions(String version, int iterations, int numLeaves, double learningRate,
    int minDataInLeaf, int threads, int maxTrainRows, long seed) {

  public TrainOptions {
    if (version == null || version.isBlank() || !version.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("model version must match [A-Za-z0-9._-]+, got '" + version + "'");
    }
    if (iterations < 1 || numLeaves < 2 || !(learningRate > 0) || minDataInLeaf < 1 || threads < 1
        || maxTrainRows < 1) {
      throw new IllegalArgumentException("need iterations >= 1, num_leaves >= 2, learning_rate > 0,"
          + " min_data_in_leaf >= 1, threads >= 1, max_train_rows >= 1; got " + this);
    }
  }

  public static TrainOptions defaults() {
    return new TrainOptions("1", 100, 63, 0.1, 50, 2, 2_000_000, 42);
  }

  public TrainOptions withVersion(String v) {
    return new TrainOptions(v, iterations, numLeaves, learningRate, minDataInLeaf, threads, maxTrainRows, seed);
  }

  public TrainOptions withIterations(int n) {
    return new TrainOptions(version, n, numLeaves, learningRate, minDataInLeaf, threads, maxTrainRows, seed);
  }

  public TrainOptions withThreads(int n) {
    return new TrainOptions(version, iterations, numLeaves, learningRate, minDataInLeaf, n, maxTrainRows, seed);
  }

  public TrainOptions withMaxTrainRows(int n) {
    return new TrainOptions(version, iterations, numLeaves, learningRate, minDataInLeaf, threads, n, seed);
  }

  /** LightGBM's parameter string for the booster. */
  String boosterParams(String categorical) {
    return "objective=binary metric=auc,binary_logloss"
        + " num_iterations=" + iterations
        + " num_leaves=" + numLeaves
        + " learning_rate=" + learningRate
        + " min_data_in_leaf=" + minDataInLeaf
        + " num_threads=" + threads
        + " seed=" + seed
        + " deterministic=true force_row_wise=true verbose=-1"
        + " categorical_feature=" + categorical;
  }
}
