package dev.recsys.offline.twotower;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of the two-tower model and its training, validated on construction against
 * the bounds below; an out-of-range value fails with the field's name, the value and the range.
 *
 * @param dim            output embedding dimension of both towers [2, 512]
 * @param idDim          user id, item id and history item embedding dimension [1, 512]
 * @param sideDim        gender, age, occupation, category and year embedding dimension [1, 128]
 * @param hidden         width of each tower's one ReLU hidden layer; 0 = a linear projection [0, 1024]
 * @param historyLength  L, the recent positive items mean-pooled into the user tower [1, 200]
 * @param temperature    softmax temperature over cosine similarities (0, 10]
 * @param logQWeight     weight of the logQ correction, 0 = none, 1 = full [0, 1]
 * @param learningRate   Adam step size at the start; it decays linearly to 0 over the run (0, 1]
 * @param weightDecay    decoupled (AdamW) weight decay, applied to every parameter every step,
 *                       so rarely seen ids shrink towards their side features [0, 1]
 * @param batchSize      examples per step; every other positive in the batch is a negative [2, 65536]
 * @param epochs         passes over the training positives [1, 1000]
 * @param recencyHalfLife half-life of the example weights, as a fraction of the training data's
 *                       time span: an example that much older than the newest counts half; 0 = all
 *                       examples weigh the same [0, 10]
 * @param idDropout      probability that an example's user id or item id is replaced by the
 *                       out-of-vocabulary row, which trains that row for cold users and items [0, 0.9]
 * @param initScale      standard deviation of the initial embedding values (0, 1]
 * @param threads        worker threads; results are deterministic for a given seed and thread count [1, 256]
 * @param seed           initialisation, shuffling and dropout
 */
public record TwoTowerConfig(int dim, int idDim, int sideDim, int hidden, int historyLength, double temperature,
    double logQWeight, double learningRate, double weightDecay, int batchSize, int epochs, double recencyHalfLife,
    double idDropout, double initScale, int threads, long seed) {

  public TwoTowerConfig {
    check("dim", dim, 2, 512);
    check("idDim", idDim, 1, 512);
    check("sideDim", sideDim, 1, 128);
    check("hidden", hidden, 0, 1024);
    check("historyLength", historyLength, 1, 200);
    checkOpen("temperature", temperature, 0, 10);
    check("logQWeight", logQWeight, 0, 1);
    checkOpen("learningRate", learningRate, 0, 1);
    check("weightDecay", weightDecay, 0, 1);
    check("batchSize", batchSize, 2, 65536);
    check("epochs", epochs, 1, 1000);
    check("recencyHalfLife", recencyHalfLife, 0, 10);
    check("idDropout", idDropout, 0, 0.9);
    checkOpen("initScale", initScale, 0, 1);
    check("threads", threads, 1, 256);
  }

  /** The settings the benchmark measured (offline/docs/twotower.md), on one thread. */
  public static TwoTowerConfig defaults() {
    return new TwoTowerConfig(32, 32, 8, 64, 20, 0.1, 1.0, 0.02, 0.0, 512, 2, 0.1, 0.1, 0.05, 1, 42);
  }

  public TwoTowerConfig withEpochs(int v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, batchSize, v, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withThreads(int v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, batchSize, epochs, recencyHalfLife, idDropout, initScale, v, seed);
  }

  public TwoTowerConfig withSeed(long v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, batchSize, epochs, recencyHalfLife, idDropout, initScale, threads, v);
  }

  public TwoTowerConfig withBatchSize(int v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, v, epochs, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withLearningRate(double v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, v,
        weightDecay, batchSize, epochs, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withTemperature(double v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, v, logQWeight, learningRate,
        weightDecay, batchSize, epochs, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withLogQWeight(double v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, v, learningRate,
        weightDecay, batchSize, epochs, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  /** Architecture: output, id, side and hidden sizes and the history length. */
  public TwoTowerConfig withShape(int dim, int idDim, int sideDim, int hidden, int historyLength) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, batchSize, epochs, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withWeightDecay(double v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        v, batchSize, epochs, recencyHalfLife, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withRecencyHalfLife(double v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, batchSize, epochs, v, idDropout, initScale, threads, seed);
  }

  public TwoTowerConfig withIdDropout(double v) {
    return new TwoTowerConfig(dim, idDim, sideDim, hidden, historyLength, temperature, logQWeight, learningRate,
        weightDecay, batchSize, epochs, recencyHalfLife, v, initScale, threads, seed);
  }

  /** Field name to value, in declaration order, for metadata files. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dim", dim);
    m.put("id_dim", idDim);
    m.put("side_dim", sideDim);
    m.put("hidden", hidden);
    m.put("history_length", historyLength);
    m.put("temperature", temperature);
    m.put("logq_weight", logQWeight);
    m.put("learning_rate", learningRate);
    m.put("weight_decay", weightDecay);
    m.put("batch_size", batchSize);
    m.put("epochs", epochs);
    m.put("recency_half_life", recencyHalfLife);
    m.put("id_dropout", idDropout);
    m.put("init_scale", initScale);
    m.put("threads", threads);
    m.put("seed", seed);
    return m;
  }

  private static void check(String name, double v, double min, double max) {
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(
          "two-tower " + name + " = " + v + " is out of range [" + min + ", " + max + "]");
    }
  }

  private static void checkOpen(String name, double v, double min, double max) {
    if (!(v > min && v <= max)) {
      throw new IllegalArgumentException(
          "two-tower " + name + " = " + v + " is out of range (" + min + ", " + max + "]");
    }
  }
}
