package dev.recsys.offline.widedeep;

import dev.recsys.offline.OfflinePipeline;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.eval.Metrics;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.offline.train.LightGbmTrainer;
import dev.recsys.offline.train.TrainOptions;
import dev.recsys.offline.train.TrainResult;
import dev.recsys.transform.Json;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wide&amp;Deep end to end on DEFAULT synthetic data (6040 users, 3700 items, 1M interactions):
 * generate, temporal split, features, for comparison LightGBM on rank-v1 and LightGBM on the
 * Wide&amp;Deep features, then {@link WideDeepJob} (fit the transform spec, encode, train, export
 * ONNX + spec, score the test split in ONNX Runtime). Writes the figures to a JSON file.
 * LightGBM runs first because in a JVM that had already loaded ONNX Runtime its multi-threaded
 * dataset binning hung twice (see {@link WideDeepLightGbm}).
 *
 * <pre>
 * ./mvnw -o -q -pl feature-transform,offline install -DskipTests
 * ./mvnw -o -q -pl offline dependency:build-classpath -Dmdep.outputFile=$PWD/cp.txt
 * CLASSPATH=offline/target/classes:$(cat cp.txt) java -Djava.io.tmpdir=$(mktemp -d) \
 *     --add-opens=java.base/java.nio=ALL-UNNAMED dev.recsys.offline.widedeep.WideDeepBenchmark \
 *     /tmp/widedeep-model [--seed 42] [--epochs 2] [--threads 2] \
 *     [--results offline/results/widedeep.json] [--data DIR]
 * rm cp.txt
 * </pre>
 *
 * The classpath goes in {@code CLASSPATH}, not {@code -cp}: ONNX Runtime 1.29.0 dies with SIGSEGV
 * while initialising in a JVM whose command line exceeds about 4 KB (offline/docs/widedeep.md).
 * The private tmpdir keeps other processes from rewriting lightgbm4j's /tmp/lib_lightgbm.so.
 *
 * The model directory gets model.onnx, transform_spec.json and metadata.json. Without
 * {@code --data} the dataset goes to a temporary directory that is deleted afterwards.
 */
public final class WideDeepBenchmark {

  private WideDeepBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 1 || args[0].startsWith("--")) {
      System.err.println("usage: WideDeepBenchmark MODEL_DIR [--seed 42] [--epochs 2] [--threads 2]"
          + " [--results offline/results/widedeep.json] [--data DIR]");
      System.exit(2);
    }
    Path modelDir = Path.of(args[0]);
    long seed = 42;
    WideDeepConfig config = WideDeepConfig.defaults();
    Path results = Path.of("offline/results/widedeep.json");
    Path data = null;
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(v);
        case "--epochs" -> config = config.withEpochs(Integer.parseInt(v));
        case "--threads" -> config = config.withThreads(Integer.parseInt(v));
        case "--results" -> results = Path.of(v);
        case "--data" -> data = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --seed, --epochs, --threads, --results or --data");
      }
    }
    boolean temporary = data == null;
    try {
      if (temporary) {
        data = Files.createTempDirectory("widedeep-bench");
      }
      run(data, modelDir, seed, config, results);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temporary && data != null) {
        deleteRecursively(data);
      }
    }
  }

  static void run(Path data, Path modelDir, long seed, WideDeepConfig config, Path results) throws IOException {
    long start = System.nanoTime();
    Map<String, Object> steps = new LinkedHashMap<>();
    long t = System.nanoTime();
    new SyntheticGenerator(Size.DEFAULT, seed).writeTo(data);
    steps.put("generate", log("generate", t, "synthetic default seed " + seed + " -> " + data));
    t = System.nanoTime();
    TemporalSplit.Result split = TemporalSplit.run(data);
    steps.put("split", log("split", t, split.trainRows().length + " train, " + split.testRows().length + " test"));
    t = System.nanoTime();
    FeatureMaterializer.run(data);
    steps.put("features", log("features", t, ""));

    t = System.nanoTime();
    TrainResult lgb = new LightGbmTrainer().run(data, TrainOptions.defaults().withThreads(config.threads()));
    steps.put("lightgbm_rank_v1", log("lightgbm-rank-v1", t, OfflinePipeline.describe(lgb)));

    t = System.nanoTime();
    WideDeepJob.Encoded encoded = WideDeepJob.encode(data, WideDeepEncoder.FitOptions.defaults());
    double[] lgbWd = WideDeepLightGbm.trainAndPredict(encoded.train(), encoded.test(), config.threads(), seed);
    double lgbWdAuc = Metrics.auc(lgbWd, encoded.testLabels());
    double lgbWdLogloss = Metrics.logloss(lgbWd, encoded.testLabels());
    encoded = null; // the Wide&Deep job encodes again, timed as part of its run
    steps.put("lightgbm_widedeep_features", log("lightgbm-wd-feats", t,
        String.format(Locale.ROOT, "test AUC %.4f logloss %.4f", lgbWdAuc, lgbWdLogloss)));

    t = System.nanoTime();
    WideDeepJob.Result wd = WideDeepJob.run(data, modelDir, config, WideDeepEncoder.FitOptions.defaults(),
        line -> System.out.println("  widedeep: " + line));
    double wdSeconds = (System.nanoTime() - t) / 1e9;
    steps.put("widedeep", log("widedeep", t, String.format(Locale.ROOT,
        "test AUC %.4f logloss %.4f (Bayes %.4f, fraction %.4f), ONNX vs Java max diff %.2e -> %s",
        wd.testAuc(), wd.testLogloss(), wd.bayesOptimalAuc(), wd.testAuc() / wd.bayesOptimalAuc(),
        wd.maxOnnxDifference(), modelDir)));

    double total = (System.nanoTime() - start) / 1e9;

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "dev.recsys.offline.widedeep.WideDeepBenchmark");
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("source", "synthetic");
    dataset.put("size", Size.DEFAULT.label());
    dataset.put("seed", seed);
    dataset.put("split", "temporal, per user latest 10% to test");
    dataset.put("train_rows", wd.trainRows());
    dataset.put("test_rows", wd.testRows());
    out.put("dataset", dataset);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("available_processors", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("note", "shared build machine; wall times vary with concurrent load");
    out.put("machine", machine);

    Map<String, Object> w = new LinkedHashMap<>();
    w.put("contract", WideDeepEncoder.CONTRACT);
    w.put("test_auc", WideDeepJob.round(wd.testAuc()));
    w.put("test_logloss", WideDeepJob.round(wd.testLogloss()));
    w.put("fraction_of_bayes_auc", WideDeepJob.round(wd.testAuc() / wd.bayesOptimalAuc()));
    w.put("scored_by", "ONNX Runtime on the exported model.onnx with transform_spec.json read back");
    w.put("max_abs_diff_onnx_vs_java", wd.maxOnnxDifference());
    w.put("encode_seconds", WideDeepJob.round(wd.encodeSeconds()));
    w.put("train_seconds", WideDeepJob.round(wd.trainSeconds()));
    w.put("wall_seconds", WideDeepJob.round(wdSeconds));
    w.put("training", WideDeepJob.configMap(config, wd));
    w.put("onnx_sha256", wd.onnxSha256());
    w.put("transform_spec_sha256", wd.specSha256());
    out.put("widedeep", w);

    Map<String, Object> l = new LinkedHashMap<>();
    l.put("features", "rank-v1 (RankFeatureEncoder: 11 features, no ids)");
    l.put("test_auc", WideDeepJob.round(lgb.testAuc()));
    l.put("test_logloss", WideDeepJob.round(lgb.testLogloss()));
    l.put("fraction_of_bayes_auc", WideDeepJob.round(lgb.testAuc() / lgb.bayesOptimalAuc()));
    l.put("seconds", WideDeepJob.round(lgb.seconds()));
    out.put("lightgbm_rank_v1", l);
    Map<String, Object> lw = new LinkedHashMap<>();
    lw.put("features", "widedeep-v1 tensors: 7 categorical (ids included) + 4 crosses as categorical, 7 dense");
    lw.put("test_auc", WideDeepJob.round(lgbWdAuc));
    lw.put("test_logloss", WideDeepJob.round(lgbWdLogloss));
    lw.put("fraction_of_bayes_auc", WideDeepJob.round(lgbWdAuc / wd.bayesOptimalAuc()));
    out.put("lightgbm_widedeep_features", lw);
    Map<String, Object> baselines = new LinkedHashMap<>();
    baselines.put("bayes_optimal_auc", WideDeepJob.round(wd.bayesOptimalAuc()));
    baselines.put("bayes_optimal_logloss", WideDeepJob.round(wd.bayesOptimalLogloss()));
    baselines.put("popularity_ctr_auc", WideDeepJob.round(lgb.popularityCtrAuc()));
    out.put("baselines", baselines);
    out.put("step_seconds", steps);
    out.put("total_seconds", WideDeepJob.round(total));
    Path dir = results.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(results, Json.write(out), StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT, "done in %.1f s; results -> %s%n", total, results);
  }

  private static Double log(String step, long startNanos, String detail) {
    double s = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(Locale.ROOT, "[%-18s] %7.2f s  %s%n", step, s, detail);
    return WideDeepJob.round(s);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
