package dev.recsys.offline.cli;

import dev.recsys.offline.OfflinePipeline;
import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.offline.movielens.MovieLensImporter;
import dev.recsys.offline.pipeline.FullPipeline;
import dev.recsys.offline.popular.PopularityJob;
import dev.recsys.offline.train.LightGbmTrainer;
import dev.recsys.offline.train.TrainOptions;
import dev.recsys.offline.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The subcommands of {@link dev.recsys.offline.OfflineCli}; each is a thin call into one job. */
public final class Commands {

  private Commands() {}

  static final class SizeConverter implements ITypeConverter<Size> {
    @Override
    public Size convert(String value) {
      return Size.parse(value);
    }
  }

  private static long since(long t) {
    return (System.nanoTime() - t) / 1_000_000;
  }

  private static Path existingDir(Path dir, String option) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + dir + ": not a directory");
    }
    return dir;
  }

  /** Options shared by the jobs that work on a dataset directory. */
  abstract static class DataCommand implements Runnable {
    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "dataset directory (users.csv, items.csv, interactions.csv, dataset.json)")
    Path data;
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Write a synthetic dataset with a known ground truth.")
  public static final class Generate implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output dataset directory")
    Path out;
    @Option(names = "--size", defaultValue = "default", converter = SizeConverter.class,
        description = "small (300 users, 200 items, 20k interactions) or default (6040, 3700, 1M)")
    Size size;
    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public void run() {
      long t = System.nanoTime();
      Dataset d = new SyntheticGenerator(size, seed).writeTo(out);
      System.out.printf(Locale.ROOT, "generate: %d users, %d items, %d interactions (%d positive) -> %s in %d ms%n",
          d.users().size(), d.items().size(), d.interactions().size(), d.interactions().positives(), out, since(t));
    }
  }

  @Command(name = "import-movielens", mixinStandardHelpOptions = true,
      description = "Convert MovieLens 100K (u.data, u.user, u.item) or 1M (ratings.dat, users.dat, movies.dat).")
  public static final class ImportMovieLens implements Runnable {
    @Option(names = "--in", required = true, paramLabel = "DIR", description = "MovieLens directory")
    Path in;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output dataset directory")
    Path out;

    @Override
    public void run() {
      long t = System.nanoTime();
      Dataset d = MovieLensImporter.importTo(existingDir(in, "--in"), out);
      System.out.printf(Locale.ROOT, "import-movielens: %s, %d users, %d items, %d ratings -> %s in %d ms%n",
          MovieLensImporter.detect(in).source(), d.users().size(), d.items().size(), d.interactions().size(),
          out, since(t));
    }
  }

  @Command(name = "split", mixinStandardHelpOptions = true,
      description = "Split into split/train.csv and split/test.csv. temporal (default): per user, the latest 10%%"
          + " (at least 1 of >= 2) to test; random: each interaction to test with probability 10%%.")
  public static final class Split extends DataCommand {
    @Option(names = "--method", defaultValue = "temporal", description = "temporal or random (default ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--seed", defaultValue = "42", description = "seed of the random split (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public void run() {
      long t = System.nanoTime();
      TemporalSplit.Result r = TemporalSplit.run(existingDir(data, "--data"), TemporalSplit.Method.parse(method), seed);
      System.out.printf(Locale.ROOT, "split: %d train, %d test -> %s in %d ms%n", r.trainRows().length,
          r.testRows().length, DatasetFiles.train(data).getParent(), since(t));
    }
  }

  @Command(name = "features", mixinStandardHelpOptions = true,
      description = "Materialize features/users.csv and features/items.csv from the train split.")
  public static final class Features extends DataCommand {
    @Override
    public void run() {
      long t = System.nanoTime();
      FeatureMaterializer.Tables tables = FeatureMaterializer.run(existingDir(data, "--data"));
      System.out.printf(Locale.ROOT, "features: %d users, %d items -> %s in %d ms%n", tables.users().rowCount(),
          tables.items().rowCount(), DatasetFiles.userFeatures(data).getParent(), since(t));
    }
  }

  @Command(name = "popular", mixinStandardHelpOptions = true,
      description = "Write popular/popular.csv (top 500) and popular/by_category.csv (top 100 per category).")
  public static final class Popular extends DataCommand {
    @Override
    public void run() {
      long t = System.nanoTime();
      int n = PopularityJob.run(existingDir(data, "--data")).size();
      System.out.printf(Locale.ROOT, "popular: %d items with a positive -> %s in %d ms%n", n,
          DatasetFiles.popular(data).getParent(), since(t));
    }
  }

  /** Training options, shared by train-lightgbm and demo. */
  static final class TrainArgs {
    @Option(names = "--model-version", defaultValue = "1", description = "model version (default ${DEFAULT-VALUE})")
    String version;
    @Option(names = "--iterations", defaultValue = "100", description = "boosting rounds (default ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--num-leaves", defaultValue = "63", description = "default ${DEFAULT-VALUE}")
    int numLeaves;
    @Option(names = "--learning-rate", defaultValue = "0.1", description = "default ${DEFAULT-VALUE}")
    double learningRate;
    @Option(names = "--min-data-in-leaf", defaultValue = "50", description = "default ${DEFAULT-VALUE}")
    int minDataInLeaf;
    @Option(names = "--threads", defaultValue = "2", description = "default ${DEFAULT-VALUE}")
    int threads;
    @Option(names = "--max-train-rows", defaultValue = "2000000",
        description = "subsample train rows above this (default ${DEFAULT-VALUE})")
    int maxTrainRows;

    TrainOptions options() {
      return new TrainOptions(version, iterations, numLeaves, learningRate, minDataInLeaf, threads, maxTrainRows, 42);
    }
  }

  @Command(name = "train-lightgbm", mixinStandardHelpOptions = true,
      description = "Train and evaluate the LightGBM ranker; writes models/lightgbm/VERSION/.")
  public static final class TrainLightGbm extends DataCommand {
    @picocli.CommandLine.Mixin
    TrainArgs train;

    @Override
    public void run() {
      TrainResult r = new LightGbmTrainer().run(existingDir(data, "--data"), train.options());
      System.out.printf(Locale.ROOT, "train-lightgbm: %s in %.2f s%n", OfflinePipeline.describe(r), r.seconds());
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "generate (or import-movielens) -> split -> features -> popular -> train-lightgbm.")
  public static final class Demo implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output dataset directory")
    Path out;
    @Option(names = "--size", defaultValue = "default", converter = SizeConverter.class,
        description = "small or default (synthetic data)")
    Size size;
    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--movielens", paramLabel = "DIR",
        description = "import this MovieLens directory instead of generating data")
    Path movieLens;
    @picocli.CommandLine.Mixin
    TrainArgs train;

    @Override
    public void run() {
      long t = System.nanoTime();
      if (movieLens != null) {
        OfflinePipeline.demoMovieLens(existingDir(movieLens, "--movielens"), out, train.options(), System.out::println);
      } else {
        OfflinePipeline.demo(out, size, seed, train.options(), System.out::println);
      }
      System.out.printf(Locale.ROOT, "demo: done in %.2f s -> %s%n", (System.nanoTime() - t) / 1e9, out);
    }
  }

  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "The whole offline pipeline end to end: dataset -> split -> features -> popular -> itemcf -> swing"
          + " -> twotower -> lightgbm -> widedeep -> evaluate -> report, publishing every artifact to DIR/models/NAME/VERSION/.")
  public static final class Pipeline implements Runnable {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;
    @Option(names = "--size", defaultValue = "default", converter = SizeConverter.class,
        description = "small or default (synthetic data; default ${DEFAULT-VALUE})")
    Size size;
    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--movielens", paramLabel = "DIR",
        description = "import this MovieLens directory instead of generating data")
    Path movieLens;
    @Option(names = "--split", defaultValue = "temporal", description = "temporal or random (default ${DEFAULT-VALUE})")
    String split;
    @picocli.CommandLine.Mixin
    TrainArgs train;

    @Override
    public void run() {
      long t = System.nanoTime();
      FullPipeline.Options options = new FullPipeline.Options(size, seed,
          movieLens == null ? null : existingDir(movieLens, "--movielens"), TemporalSplit.Method.parse(split),
          train.version, train.options());
      FullPipeline.Result r = FullPipeline.run(out, options, System.out::println, ProgressBar.stderr("pipeline"),
          Clock.systemUTC());
      System.out.printf(Locale.ROOT, "pipeline: done in %.2f s -> %s (report %s)%n", (System.nanoTime() - t) / 1e9,
          out, r.reportHtml());
    }
  }
}
