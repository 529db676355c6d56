package dev.recsys.offline;

import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.offline.movielens.MovieLensImporter;
import dev.recsys.offline.popular.PopularityJob;
import dev.recsys.offline.train.LightGbmTrainer;
import dev.recsys.offline.train.TrainOptions;
import dev.recsys.offline.train.TrainResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline jobs chained in their fixed order: dataset -> split -> features -> popular ->
 * train-lightgbm. Other modules' tests call {@link #demo(Path, Size, long)} to get a complete
 * output directory to serve from.
 */
public final class OfflinePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(OfflinePipeline.class);

  /** Everything the demo wrote; paths are inside {@code dataDir}. */
  public record DemoResult(Path dataDir, Path userFeatures, Path itemFeatures, Path popular,
      Path popularByCategory, TrainResult lightgbm) {}

  private OfflinePipeline() {}

  /**
   * Synthetic data of {@code size} from {@code seed} through every job into {@code out}, with
   * default training options. SMALL trains on one thread: 18k rows gain nothing from two, and a
   * second OpenMP thread on a busy build machine can make training several times slower.
   */
  public static DemoResult demo(Path out, Size size, long seed) {
    TrainOptions options = size == Size.SMALL ? TrainOptions.defaults().withThreads(1) : TrainOptions.defaults();
    return demo(out, size, seed, options, LOG::info);
  }

  /**
   * As {@link #demo(Path, Size, long)}, with training options and a sink for the progress lines
   * (one per step, with its wall time).
   */
  public static DemoResult demo(Path out, Size size, long seed, TrainOptions options, Consumer<String> progress) {
    long t = System.nanoTime();
    new SyntheticGenerator(size, seed).writeTo(out);
    progress.accept(step("generate", t, "synthetic " + size.label() + " seed " + seed + " -> " + out));
    return afterDataset(out, options, progress);
  }

  /** A MovieLens directory (ML-100K or ML-1M) imported into {@code out}, then every job. */
  public static DemoResult demoMovieLens(Path movieLensDir, Path out, TrainOptions options,
      Consumer<String> progress) {
    long t = System.nanoTime();
    MovieLensImporter.importTo(movieLensDir, out);
    progress.accept(step("import-movielens", t, movieLensDir + " -> " + out));
    return afterDataset(out, options, progress);
  }

  private static DemoResult afterDataset(Path out, TrainOptions options, Consumer<String> progress) {
    long t = System.nanoTime();
    TemporalSplit.Result split = TemporalSplit.run(out);
    progress.accept(step("split", t, split.trainRows().length + " train, " + split.testRows().length + " test"));
    t = System.nanoTime();
    FeatureMaterializer.run(out);
    progress.accept(step("features", t, DatasetFiles.userFeatures(out) + ", " + DatasetFiles.itemFeatures(out)));
    t = System.nanoTime();
    int popular = PopularityJob.run(out).size();
    progress.accept(step("popular", t, popular + " items with a positive"));
    t = System.nanoTime();
    TrainResult r = new LightGbmTrainer().run(out, options);
    progress.accept(step("train-lightgbm", t, describe(r)));
    return new DemoResult(out, DatasetFiles.userFeatures(out), DatasetFiles.itemFeatures(out),
        DatasetFiles.popular(out), DatasetFiles.popularByCategory(out), r);
  }

  /** One line with the test metrics of a training run. */
  public static String describe(TrainResult r) {
    return String.format(Locale.ROOT,
        "test AUC %.4f logloss %.4f | popularity CTR AUC %.4f logloss %.4f | popularity count AUC %.4f"
            + " | Bayes-optimal AUC %s logloss %s | %d train rows, %d test rows -> %s",
        r.testAuc(), r.testLogloss(), r.popularityCtrAuc(), r.popularityCtrLogloss(), r.popularityCountAuc(),
        Double.isNaN(r.bayesOptimalAuc()) ? "n/a" : String.format(Locale.ROOT, "%.4f", r.bayesOptimalAuc()),
        Double.isNaN(r.bayesOptimalLogloss()) ? "n/a" : String.format(Locale.ROOT, "%.4f", r.bayesOptimalLogloss()),
        r.trainRows(), r.testRows(), r.modelDir());
  }

  private static String step(String name, long startNanos, String detail) {
    return String.format(Locale.ROOT, "[%-16s] %6.2f s  %s", name, (System.nanoTime() - startNanos) / 1e9, detail);
  }
}
