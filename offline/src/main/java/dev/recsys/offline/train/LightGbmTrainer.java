package dev.recsys.offline.train;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.DatasetInfo;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.Users;
import dev.recsys.offline.eval.Metrics;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.Json;
import dev.recsys.transform.ModelInput;
import dev.recsys.transform.RankFeatureEncoder;
import dev.recsys.transform.SmoothedRate;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The train-lightgbm job: a binary LightGBM ranker on rows built by {@link RankFeatureEncoder}
 * (the class rank-service serves with) from the materialized train-window features, evaluated on
 * the test split against a popularity baseline and, for synthetic data, the Bayes-optimal model.
 *
 * <p>The test rows are encoded from the same train-window features: that is what serving sees
 * (features lag the events they predict), and it keeps test labels out of the inputs.
 *
 * <p>Writes models/lightgbm/VERSION/model.txt and metadata.json. The metrics are computed with
 * the model loaded back from model.txt, so a file that does not round-trip fails the job.
 */
public final class LightGbmTrainer {

  public static final String NAME = "lightgbm";
  /** The popularity baseline's CTR prior; the same shrinkage the encoder's item_ctr uses. */
  private static final SmoothedRate CTR = new SmoothedRate(1, 9);

  private final Clock clock;

  public LightGbmTrainer(Clock clock) {
    this.clock = clock;
  }

  public LightGbmTrainer() {
    this(Clock.systemUTC());
  }

  /** Encoded rows of a split: {@code rows * width} features, row-major, and their labels. */
  record Rows(float[] features, float[] labels, int count) {}

  public TrainResult run(Path dataDir, TrainOptions options) {
    long started = System.nanoTime();
    TrainingData data = TrainingData.read(dataDir);
    Users users = data.users();
    Items items = data.items();
    Interactions trainAll = data.train();
    Interactions test = data.test();
    ColumnBatch itemFeatures = data.itemFeatures();
    int[] userRow = data.userRow();
    int[] itemRow = data.itemRow();
    RankFeatureEncoder.Bound encoder = RankFeatureEncoder.bind(data.userFeatures(), itemFeatures);
    ModelInput input = RankFeatureEncoder.input();

    Interactions train = subsample(trainAll, options.maxTrainRows(), options.seed());
    Rows trainRows = encode(encoder, input.width(), train, userRow, itemRow);
    Rows testRows = encode(encoder, input.width(), test, userRow, itemRow);
    String categorical = input.categoricalIndices().stream().map(String::valueOf)
        .collect(Collectors.joining(","));

    Path modelDir = DatasetFiles.model(dataDir, NAME, options.version());
    Path modelFile = modelDir.resolve("model.txt");
    String params = options.boosterParams(categorical);
    try {
      Files.createDirectories(modelDir);
      String model = train(trainRows, input, params, categorical, options);
      Files.writeString(modelFile, model, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + modelFile + ": " + e.getMessage(), e);
    }

    double[] predicted = predict(modelFile, testRows, input.width(), options.threads());
    byte[] labels = test.labels();
    double[] ctr = new double[test.size()];
    double[] clicks = new double[test.size()];
    long[] itemClicks = (long[]) itemFeatures.column("clicks").values();
    long[] itemImpressions = (long[]) itemFeatures.column("impressions").values();
    for (int k = 0; k < ctr.length; k++) {
      int row = itemRow[test.items()[k]];
      ctr[k] = row < 0 ? CTR.apply(0, 0) : CTR.apply(itemClicks[row], itemImpressions[row]);
      clicks[k] = row < 0 ? 0 : itemClicks[row];
    }
    double bayesAuc = Double.NaN;
    double bayesLogloss = Double.NaN;
    Path infoFile = DatasetFiles.info(dataDir);
    DatasetInfo info = Files.exists(infoFile) ? DatasetInfo.read(infoFile) : null;
    if (info != null && info.synthetic() && info.seed() != null && info.size() != null) {
      SyntheticGenerator truth = new SyntheticGenerator(Size.parse(info.size()), info.seed());
      double[] p = truth.trueProbabilities(users, items, test);
      bayesAuc = Metrics.auc(p, labels);
      bayesLogloss = Metrics.logloss(p, labels);
    }
    String sha = Sha256.of(modelFile);
    TrainResult result = new TrainResult(modelDir, sha, train.size(), trainAll.size(), test.size(),
        Metrics.auc(predicted, labels), Metrics.logloss(predicted, labels),
        Metrics.auc(ctr, labels), Metrics.logloss(ctr, labels), Metrics.auc(clicks, labels),
        bayesAuc, bayesLogloss, (System.nanoTime() - started) / 1e9);
    writeMetadata(result, options, params, input, info, trainAll, train.size() < trainAll.size());
    return result;
  }

  private static String train(Rows rows, ModelInput input, String params, String categorical,
      TrainOptions options) {
    // Binning happens when the dataset is built, so it must already know the categorical columns.
    try (LGBMDataset dataset = LGBMDataset.createFromMat(rows.features(), rows.count(), input.width(), true,
        "categorical_feature=" + categorical + " max_bin=255 verbose=-1", null)) {
      dataset.setFeatureNames(input.featureNames().toArray(String[]::new));
      dataset.setField("label", rows.labels());
      try (LGBMBooster booster = LGBMBooster.create(dataset, params)) {
        for (int i = 0; i < options.iterations(); i++) {
          if (booster.updateOneIter()) {
            break; // LightGBM found nothing left to split on
          }
        }
        return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
      }
    } catch (LGBMException e) {
      throw new IllegalStateException("LightGBM training failed: " + e.getMessage(), e);
    }
  }

  /** Predicts with the model as read back from disk, the way a serving process would load it. */
  static double[] predict(Path modelFile, Rows rows, int width, int threads) {
    try (LGBMBooster booster = LGBMBooster.createFromModelfile(modelFile.toString())) {
      return booster.predictForMat(rows.features(), rows.count(), width, true,
          PredictionType.C_API_PREDICT_NORMAL, "num_threads=" + threads);
    } catch (LGBMException e) {
      throw new IllegalStateException(modelFile + ": LightGBM cannot load or apply the model: "
          + e.getMessage(), e);
    }
  }

  static Rows encode(RankFeatureEncoder.Bound encoder, int width, Interactions in, int[] userRow, int[] itemRow) {
    int n = in.size();
    float[] x = new float[n * width];
    float[] y = new float[n];
    for (int k = 0; k < n; k++) {
      encoder.encode(userRow[in.users()[k]], itemRow[in.items()[k]], x, k * width);
      y[k] = in.labels()[k];
    }
    return new Rows(x, y, n);
  }

  /** A seeded uniform sample of {@code max} rows, kept in time order; all rows when they fit. */
  static Interactions subsample(Interactions in, int max, long seed) {
    int n = in.size();
    if (n <= max) {
      return in;
    }
    int[] all = new int[n];
    for (int k = 0; k < n; k++) {
      all[k] = k;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int k = 0; k < max; k++) {
      int j = k + rng.nextInt(n - k);
      int t = all[k];
      all[k] = all[j];
      all[j] = t;
    }
    int[] rows = Arrays.copyOf(all, max);
    Arrays.sort(rows);
    return in.select(rows);
  }

  private void writeMetadata(TrainResult r, TrainOptions options, String params, ModelInput input,
      DatasetInfo info, Interactions trainAll, boolean subsampled) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", NAME);
    m.put("version", options.version());
    m.put("type", "lightgbm");
    m.put("model_file", "model.txt");
    m.put("sha256", r.sha256());
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("version", input.version());
    sig.put("features", input.featureNames());
    sig.put("categorical_indices", input.categoricalIndices());
    sig.put("encoder", RankFeatureEncoder.class.getName());
    m.put("input", sig);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("test_auc", round(r.testAuc()));
    metrics.put("test_logloss", round(r.testLogloss()));
    metrics.put("popularity_ctr_auc", round(r.popularityCtrAuc()));
    metrics.put("popularity_ctr_logloss", round(r.popularityCtrLogloss()));
    metrics.put("popularity_count_auc", round(r.popularityCountAuc()));
    metrics.put("bayes_optimal_auc", round(r.bayesOptimalAuc()));
    metrics.put("bayes_optimal_logloss", round(r.bayesOptimalLogloss()));
    metrics.put("test_rows", r.testRows());
    m.put("metrics", metrics);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("dataset_source", info == null ? null : info.source());
    training.put("dataset_seed", info == null ? null : info.seed());
    training.put("dataset_size", info == null ? null : info.size());
    training.put("train_rows", r.trainRows());
    training.put("train_rows_available", r.trainRowsAvailable());
    training.put("subsampled", subsampled);
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("min_timestamp", trainAll.minTimestamp());
    range.put("max_timestamp", trainAll.maxTimestamp());
    training.put("time_range", range);
    training.put("features_from", "features/users.csv, features/items.csv (train split)");
    training.put("params", params);
    training.put("seconds", round(r.seconds()));
    m.put("training", training);
    m.put("created_at", clock.instant().toString());
    try {
      Files.writeString(r.metadataFile(), Json.write(m), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + r.metadataFile() + ": " + e.getMessage(), e);
    }
  }

  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
  }

}
