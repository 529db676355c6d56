package dev.recsys.offline.pipeline;

import dev.recsys.offline.cli.ProgressBar;
import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.DatasetInfo;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.offline.movielens.MovieLensImporter;
import dev.recsys.offline.popular.PopularityJob;
import dev.recsys.offline.publish.Artifact;
import dev.recsys.offline.publish.ArtifactType;
import dev.recsys.offline.publish.LocalModelStore;
import dev.recsys.offline.recall.CandidateSource;
import dev.recsys.offline.recall.I2iSource;
import dev.recsys.offline.recall.I2iTable;
import dev.recsys.offline.recall.ItemCf;
import dev.recsys.offline.recall.PopularSource;
import dev.recsys.offline.recall.RecallEvaluator;
import dev.recsys.offline.recall.Swing;
import dev.recsys.offline.recall.UserHistory;
import dev.recsys.offline.report.OfflineReport;
import dev.recsys.offline.report.RankerMetrics;
import dev.recsys.offline.train.LightGbmTrainer;
import dev.recsys.offline.train.TrainOptions;
import dev.recsys.offline.train.TrainResult;
import dev.recsys.offline.twotower.TwoTowerConfig;
import dev.recsys.offline.widedeep.WideDeepConfig;
import dev.recsys.offline.widedeep.WideDeepJob;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import dev.recsys.offline.twotower.TwoTowerExport;
import dev.recsys.offline.twotower.TwoTowerSource;
import dev.recsys.offline.twotower.TwoTowerTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the offline side builds, in one run: dataset -> split -> features -> popularity ->
 * ItemCF and Swing tables -> two-tower -> LightGBM -> Wide&amp;Deep -> evaluation of every recall
 * source against popularity and every ranker against its baselines -> report -> publish. Each
 * artifact is published to {@code DIR/models/NAME/VERSION/} ({@link LocalModelStore}, the layout
 * model-registry stores), the report goes to {@code DIR/report/}.
 */
public final class FullPipeline {

  /**
   * @param movieLens a MovieLens directory to import instead of generating data, or null
   * @param version the version every artifact of this run is published as
   */
  public record Options(Size size, long seed, Path movieLens, TemporalSplit.Method split, String version,
      TrainOptions lightgbm) {

    public static Options defaults() {
      return new Options(Size.DEFAULT, 42, null, TemporalSplit.Method.TEMPORAL, "1", TrainOptions.defaults());
    }

    public Options withSize(Size s) {
      return new Options(s, seed, movieLens, split, version, lightgbm);
    }

    public Options withLightgbm(TrainOptions t) {
      return new Options(size, seed, movieLens, split, version, t);
    }
  }

  /** What a run produced. */
  public record Result(Path dataDir, OfflineReport report, Path reportHtml, List<Path> published) {}

  /** dataset, split, features, popular, itemcf, swing, twotower, lightgbm, widedeep, evaluate, report. */
  static final int STEPS = 11;

  private FullPipeline() {}

  public static Result run(Path out, Options o, Consumer<String> log, ProgressBar bar, Clock clock) {
    StepRunner steps = new StepRunner(STEPS, bar, log);
    LocalModelStore store = new LocalModelStore(out.resolve("models"), clock);
    List<Path> published = new ArrayList<>();

    Dataset dataset = steps.run("dataset", () -> o.movieLens() == null
            ? new SyntheticGenerator(o.size(), o.seed()).writeTo(out)
            : MovieLensImporter.importTo(o.movieLens(), out),
        d -> d.users().size() + " users, " + d.items().size() + " items, " + d.interactions().size() + " interactions");
    DatasetInfo info = DatasetInfo.read(DatasetFiles.info(out));
    TemporalSplit.Result split = steps.run("split", () -> TemporalSplit.run(out, o.split(), o.seed()),
        r -> o.split().name().toLowerCase(Locale.ROOT) + ": " + r.trainRows().length + " train, "
            + r.testRows().length + " test");
    Interactions train = dataset.interactions().select(split.trainRows());
    Interactions test = dataset.interactions().select(split.testRows());
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("min_timestamp", train.minTimestamp());
    range.put("max_timestamp", train.maxTimestamp());
    range.put("train_interactions", train.size());
    range.put("dataset", info.toMap());

    steps.run("features", () -> FeatureMaterializer.run(out),
        t -> t.users().rowCount() + " users, " + t.items().rowCount() + " items");
    steps.run("popular", () -> PopularityJob.run(out), l -> l.size() + " items with a positive");

    int numUsers = dataset.users().size();
    int numItems = dataset.items().size();
    UserHistory history = UserHistory.of(train, numUsers);
    PopularSource popular = new PopularSource(train, numItems, history);
    List<CandidateSource> sources = new ArrayList<>(List.of(popular));

    for (String name : List.of(ItemCf.NAME, Swing.NAME)) {
      I2iTable table = steps.run(name, () -> {
        I2iTable t = name.equals(ItemCf.NAME)
            ? ItemCf.build(train, numUsers, numItems, ItemCf.Params.recommended())
            : Swing.build(train, numUsers, numItems, Swing.Params.defaults());
        Path file = out.resolve("work").resolve(name + ".csv");
        t.write(file, dataset.items());
        published.add(store.publish(new Artifact(name, o.version(), ArtifactType.I2I_TABLE, List.of(file),
            Map.of("format", "csv", "columns", I2iTable.COLUMNS, "ids", "items.csv item_id"),
            Map.of(), Map.of("data", range, "params", name.equals(ItemCf.NAME)
                ? ItemCf.Params.recommended().toString() : Swing.Params.defaults().toString()))));
        return t;
      }, t -> t.entries() + " neighbour entries -> models/" + name + "/" + o.version());
      sources.add(new I2iSource(name, table, history, popular));
    }

    TwoTowerConfig ttConfig = TwoTowerConfig.defaults().withThreads(o.lightgbm().threads());
    TwoTowerTrainer.Result tt = steps.run("twotower", () -> {
      TwoTowerTrainer.Result r = new TwoTowerTrainer(ttConfig).train(dataset.users(), dataset.items(), train,
          (epoch, loss, seconds, model) -> log.accept(String.format(Locale.ROOT,
              "  twotower epoch %d/%d: mean loss %.4f, %.1f s", epoch, ttConfig.epochs(), loss, seconds)));
      Path dir = out.resolve("work").resolve("twotower");
      TwoTowerExport.Exported e = TwoTowerExport.export(r.model(), dir, Map.of());
      Map<String, Object> training = Map.of("data", range, "config", ttConfig.toMap(), "seconds", r.seconds());
      // The user tower (ONNX) and the item vectors the ANN index is built from are one artifact
      // each: recall-service swaps them together, but the registry validates them by type.
      published.add(store.publish(new Artifact("twotower-user", o.version(), ArtifactType.ONNX,
          List.of(e.userTower(), e.contract()), Map.of("contract", TwoTowerExport.CONTRACT_VERSION,
              "contract_file", e.contract().getFileName().toString(),
              "onnx_inputs", List.of(TwoTowerExport.USER_INDEX, TwoTowerExport.GENDER, TwoTowerExport.AGE_BUCKET,
                  TwoTowerExport.OCCUPATION, TwoTowerExport.HISTORY),
              "onnx_outputs", List.of(TwoTowerExport.OUTPUT)),
          Map.of(), training)));
      published.add(store.publish(new Artifact("twotower-items", o.version(), ArtifactType.ANN_INDEX,
          List.of(e.itemData(), e.itemHeader()), Map.of("format", "float32-le row-major", "dim", ttConfig.dim()),
          Map.of(), training)));
      return r;
    }, r -> String.format(Locale.ROOT, "%d examples, %.1f s -> models/twotower-user/%s, models/twotower-items/%s",
        r.examples(), r.seconds(), o.version(), o.version()));
    sources.add(TwoTowerSource.of(tt.model(), history));

    TrainResult lgb = steps.run("lightgbm", () -> new LightGbmTrainer(clock).run(out, o.lightgbm().withVersion(o.version())),
        r -> String.format(Locale.ROOT, "test AUC %.4f, logloss %.4f -> %s", r.testAuc(), r.testLogloss(), r.modelDir()));
    published.add(lgb.modelDir());
    List<RankerMetrics> rankers = new ArrayList<>();
    rankers.add(new RankerMetrics("popularity-ctr", lgb.popularityCtrAuc(), lgb.popularityCtrLogloss(),
        lgb.bayesOptimalAuc(), 0, true));
    rankers.add(new RankerMetrics("lightgbm", lgb.testAuc(), lgb.testLogloss(), lgb.bayesOptimalAuc(), lgb.seconds(), false));

    WideDeepConfig wdConfig = WideDeepConfig.defaults().withThreads(o.lightgbm().threads());
    WideDeepJob.Result wd = steps.run("widedeep", () -> {
      WideDeepJob.Result r = WideDeepJob.run(out, out.resolve("work").resolve("widedeep"), wdConfig,
          WideDeepEncoder.FitOptions.defaults(), line -> log.accept("  widedeep " + line));
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("test_auc", r.testAuc());
      metrics.put("test_logloss", r.testLogloss());
      metrics.put("max_onnx_difference", r.maxOnnxDifference());
      if (!Double.isNaN(r.bayesOptimalAuc())) {
        metrics.put("bayes_optimal_auc", r.bayesOptimalAuc());
      }
      published.add(store.publish(new Artifact(WideDeepJob.NAME, o.version(), ArtifactType.ONNX,
          List.of(r.onnxFile(), r.specFile()),
          Map.of("contract", WideDeepEncoder.CONTRACT, "transform_spec", r.specFile().getFileName().toString(),
              "transform_spec_sha256", r.specSha256(),
              "onnx_inputs", List.of(WideDeepEncoder.CATEGORICAL, WideDeepEncoder.WIDE, WideDeepEncoder.DENSE),
              "onnx_outputs", List.of(WideDeepEncoder.OUTPUT)),
          metrics, Map.of("data", range, "train_rows", r.trainRows(), "seconds", r.trainSeconds()))));
      return r;
    }, r -> String.format(Locale.ROOT, "test AUC %.4f, logloss %.4f, %.1f s training -> models/%s/%s",
        r.testAuc(), r.testLogloss(), r.trainSeconds(), WideDeepJob.NAME, o.version()));
    rankers.add(new RankerMetrics(WideDeepJob.NAME, wd.testAuc(), wd.testLogloss(), lgb.bayesOptimalAuc(),
        wd.trainSeconds(), false));

    RecallEvaluator evaluator = new RecallEvaluator(test, history);
    List<RecallEvaluator.Report> recall = steps.run("evaluate", () -> sources.stream().map(evaluator::evaluate).toList(),
        rs -> rs.stream().map(r -> String.format(Locale.ROOT, "%s R@50 %.4f", r.source(), r.recall().get(50)))
            .reduce((a, b) -> a + ", " + b).orElse(""));

    Map<String, Object> about = new LinkedHashMap<>(info.toMap());
    about.put("split", o.split().name().toLowerCase(Locale.ROOT));
    about.put("train_interactions", train.size());
    about.put("test_interactions", test.size());
    OfflineReport report = new OfflineReport(about, recall, rankers, steps.seconds(), clock.instant());
    Path html = steps.run("report", () -> report.write(out.resolve("report")), p -> p.toString());
    return new Result(out, report, html, published);
  }
}
