package dev.recsys.offline.widedeep;

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
import dev.recsys.offline.train.TrainingData;
import dev.recsys.transform.Json;
import dev.recsys.transform.widedeep.TensorSpec;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import dev.recsys.transform.widedeep.WideDeepSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Wide&amp;Deep training job on a dataset directory that the split and features jobs have
 * filled: fits the transform spec on the train split, encodes train and test rows with
 * {@link WideDeepEncoder} from the materialized feature tables (as serving will, from the same
 * columns), trains, and evaluates on the test split (each row at its own timestamp).
 */
public final class WideDeepJob {

  public static final String NAME = "widedeep";
  public static final String ONNX_FILE = "model.onnx";
  public static final String SPEC_FILE = "transform_spec.json";
  public static final String METADATA_FILE = "metadata.json";

  private WideDeepJob() {}

  /** One epoch's figures. */
  public record Epoch(int epoch, double trainLogloss, double testAuc, double seconds) {}

  /**
   * What a run produced. {@code testAuc}/{@code testLogloss} are of the exported ONNX model as
   * ONNX Runtime scores it; {@code maxOnnxDifference} is its largest difference from the Java
   * forward pass over the test rows.
   */
  public record Result(Path modelDir, WideDeepSpec spec, WideDeepModel model, int trainRows, int testRows,
      List<Epoch> epochs, double testAuc, double testLogloss, double maxOnnxDifference, double bayesOptimalAuc,
      double bayesOptimalLogloss, double encodeSeconds, double trainSeconds, String onnxSha256, String specSha256) {

    public Path onnxFile() {
      return modelDir.resolve(ONNX_FILE);
    }

    public Path specFile() {
      return modelDir.resolve(SPEC_FILE);
    }

    public Path metadataFile() {
      return modelDir.resolve(METADATA_FILE);
    }
  }

  /** Train and test rows, encoded. */
  public record Encoded(WideDeepEncoder encoder, TrainingRows train, WideDeepBatch test, byte[] testLabels,
      double[] bayesTest) {}

  /** Reads the dataset and feature files of {@code dataDir}, fits the spec and encodes both splits. */
  public static Encoded encode(Path dataDir, WideDeepEncoder.FitOptions fit) {
    TrainingData data = TrainingData.read(dataDir);
    Users users = data.users();
    Items items = data.items();
    Interactions train = data.train();
    Interactions test = data.test();
    ColumnBatch userFeatures = data.userFeatures();
    ColumnBatch itemFeatures = data.itemFeatures();
    int[] userRow = data.userRow();
    int[] itemRow = data.itemRow();

    int[] trainUsers = map(train.users(), userRow);
    int[] trainItems = map(train.items(), itemRow);
    WideDeepSpec spec = WideDeepEncoder.fit(userFeatures, itemFeatures, trainUsers, trainItems, train.timestamps(), fit);
    WideDeepEncoder encoder = new WideDeepEncoder(spec);
    WideDeepEncoder.Bound bound = encoder.bind(userFeatures, itemFeatures);
    TrainingRows trainRows = TrainingRows.of(encodeRows(bound, trainUsers, trainItems, train.timestamps()),
        train.labels());
    WideDeepBatch testBatch = encodeRows(bound, map(test.users(), userRow), map(test.items(), itemRow),
        test.timestamps());

    double[] bayes = null;
    Path infoFile = DatasetFiles.info(dataDir);
    DatasetInfo info = Files.exists(infoFile) ? DatasetInfo.read(infoFile) : null;
    if (info != null && info.synthetic() && info.seed() != null && info.size() != null) {
      bayes = new SyntheticGenerator(Size.parse(info.size()), info.seed()).trueProbabilities(users, items, test);
    }
    return new Encoded(encoder, trainRows, testBatch, test.labels(), bayes);
  }

  /**
   * Encodes, trains, writes {@value #SPEC_FILE}, {@value #ONNX_FILE} and {@value #METADATA_FILE}
   * into {@code modelDir}, and evaluates the written model in ONNX Runtime on the test split.
   * {@code progress} gets one line per step and per epoch (with the in-memory model's test AUC,
   * for the log only: nothing is selected on it).
   */
  public static Result run(Path dataDir, Path modelDir, WideDeepConfig config, WideDeepEncoder.FitOptions fit,
      Consumer<String> progress) {
    long t0 = System.nanoTime();
    Encoded e = encode(dataDir, fit);
    double encodeSeconds = (System.nanoTime() - t0) / 1e9;
    progress.accept(String.format(Locale.ROOT, "encoded %d train and %d test rows in %.2f s",
        e.train().rows(), e.test().rows(), encodeSeconds));
    List<Epoch> epochs = new ArrayList<>();
    long t1 = System.nanoTime();
    WideDeepModel model = new WideDeepTrainer(config).train(e.encoder(), e.train(), (epoch, loss, seconds, m) -> {
      double auc = Metrics.auc(toDouble(m.predict(e.test())), e.testLabels());
      epochs.add(new Epoch(epoch, loss, auc, seconds));
      progress.accept(String.format(Locale.ROOT, "epoch %d: train logloss %.4f, test AUC %.4f, %.1f s",
          epoch, loss, auc, seconds));
    });
    double trainSeconds = (System.nanoTime() - t1) / 1e9;

    Path specFile = modelDir.resolve(SPEC_FILE);
    Path onnxFile = modelDir.resolve(ONNX_FILE);
    e.encoder().spec().save(specFile);
    String specSha = Sha256.of(specFile);
    WideDeepOnnx.write(model, e.encoder(), specSha, onnxFile);
    // Evaluate what serving will load: the spec read back from its file and the ONNX model.
    WideDeepEncoder served = new WideDeepEncoder(WideDeepSpec.load(specFile));
    float[] onnx;
    try (OnnxWideDeepScorer scorer = new OnnxWideDeepScorer(onnxFile, served, config.threads())) {
      onnx = scorer.score(e.test(), 8192);
    }
    float[] java = model.predict(e.test());
    double maxDiff = 0;
    for (int i = 0; i < java.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(java[i] - onnx[i]));
    }
    double[] p = toDouble(onnx);
    double bayesAuc = e.bayesTest() == null ? Double.NaN : Metrics.auc(e.bayesTest(), e.testLabels());
    double bayesLogloss = e.bayesTest() == null ? Double.NaN : Metrics.logloss(e.bayesTest(), e.testLabels());
    Result r = new Result(modelDir, e.encoder().spec(), model, e.train().rows(), e.test().rows(), epochs,
        Metrics.auc(p, e.testLabels()), Metrics.logloss(p, e.testLabels()), maxDiff, bayesAuc, bayesLogloss,
        encodeSeconds, trainSeconds, Sha256.of(onnxFile), specSha);
    writeMetadata(r, config, e.encoder());
    return r;
  }

  private static void writeMetadata(Result r, WideDeepConfig config, WideDeepEncoder encoder) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", NAME);
    m.put("type", "onnx");
    m.put("model_file", ONNX_FILE);
    m.put("sha256", r.onnxSha256());
    m.put("transform_spec_file", SPEC_FILE);
    m.put("transform_spec_sha256", r.specSha256());
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("contract", WideDeepEncoder.CONTRACT);
    sig.put("encoder", WideDeepEncoder.class.getName());
    List<Object> inputs = new ArrayList<>();
    for (TensorSpec t : encoder.inputs()) {
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("name", t.name());
      in.put("dtype", t.type().label());
      in.put("shape", List.of("N", t.width()));
      in.put("fields", t.fields());
      inputs.add(in);
    }
    sig.put("inputs", inputs);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("name", WideDeepEncoder.OUTPUT);
    output.put("dtype", "float32");
    output.put("shape", List.of("N", 1));
    sig.put("output", output);
    m.put("input", sig);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("test_auc", round(r.testAuc()));
    metrics.put("test_logloss", round(r.testLogloss()));
    metrics.put("bayes_optimal_auc", round(r.bayesOptimalAuc()));
    metrics.put("bayes_optimal_logloss", round(r.bayesOptimalLogloss()));
    metrics.put("test_rows", r.testRows());
    metrics.put("max_abs_diff_onnx_vs_java", r.maxOnnxDifference());
    m.put("metrics", metrics);
    m.put("training", configMap(config, r));
    Path file = r.metadataFile();
    try {
      Files.writeString(file, Json.write(m), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The training settings and per-epoch figures, as metadata.json and the benchmark report them. */
  static Map<String, Object> configMap(WideDeepConfig config, Result r) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("train_rows", r.trainRows());
    t.put("embedding_dim", config.embeddingDim());
    t.put("hidden", List.of(config.hidden1(), config.hidden2()));
    t.put("interactions", config.interactions());
    t.put("optimizer", "adam (lazy on embedding and wide rows)");
    t.put("learning_rate", config.learningRate());
    t.put("sparse_learning_rate", config.sparseLearningRate());
    t.put("l2", config.l2());
    t.put("decay_per_epoch", config.decay());
    t.put("batch_size", config.batchSize());
    t.put("epochs", config.epochs());
    t.put("threads", config.threads());
    t.put("seed", config.seed());
    t.put("parameters", r.model().parameterCount());
    List<Object> epochs = new ArrayList<>();
    for (Epoch e : r.epochs()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("epoch", e.epoch());
      em.put("train_logloss", round(e.trainLogloss()));
      em.put("test_auc", round(e.testAuc()));
      em.put("seconds", round(e.seconds()));
      epochs.add(em);
    }
    t.put("per_epoch", epochs);
    t.put("train_seconds", round(r.trainSeconds()));
    return t;
  }

  static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
  }

  static double[] toDouble(float[] p) {
    double[] d = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      d[i] = p[i];
    }
    return d;
  }

  static WideDeepBatch encodeRows(WideDeepEncoder.Bound bound, int[] userRows, int[] itemRows, long[] timestamps) {
    WideDeepBatch batch = new WideDeepBatch(userRows.length);
    for (int k = 0; k < userRows.length; k++) {
      bound.encode(userRows[k], itemRows[k], timestamps[k], batch, k);
    }
    return batch;
  }

  private static int[] map(int[] datasetRows, int[] featureRow) {
    int[] out = new int[datasetRows.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = featureRow[datasetRows[k]];
    }
    return out;
  }

}
