package dev.recsys.offline.recall;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * Build time and recall quality of the ItemCF and Swing tables at MovieLens-1M scale (the DEFAULT
 * synthetic dataset: 6,040 users, 3,700 items, 1M interactions), against the popularity baseline.
 * A benchmark, not a test: it takes about half a minute and writes its result to a JSON file.
 *
 * <pre>
 * ./mvnw -o -q -pl offline compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp offline/target/classes:$(cat offline/cp.txt) dev.recsys.offline.recall.I2iBenchmark \
 *     offline/results/i2i-benchmark.json
 * rm offline/cp.txt
 * </pre>
 *
 * <p>Arguments: {@code OUT.json [--size default|small] [--seed 42] [--runs 3]}. Each builder is run
 * once to warm up the JIT, then {@code runs} times, ItemCF and Swing interleaved; wall-clock
 * seconds of every run and their median are written, with Recall/NDCG/HR@10,20,50 of
 * {@code popular}, {@code itemcf} and {@code swing} on the temporal split ({@link RecallEvaluator}).
 * The builders use the common fork-join pool, so the machine's cores are what is measured: quote
 * medians, since a shared machine makes single runs noisy.
 */
public final class I2iBenchmark {

  private I2iBenchmark() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println("usage: I2iBenchmark OUT.json [--size default|small] [--seed 42] [--runs 3]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Size size = Size.DEFAULT;
    long seed = 42;
    int runs = 3;
    for (int a = 1; a < args.length; a += 2) {
      if (a + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[a] + " needs a value");
      }
      switch (args[a]) {
        case "--size" -> size = Size.parse(args[a + 1]);
        case "--seed" -> seed = Long.parseLong(args[a + 1]);
        case "--runs" -> runs = Integer.parseInt(args[a + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[a] + "; expected --size, --seed or --runs");
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
    }
    Map<String, Object> result = run(size, seed, runs);
    try {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, Json.write(result));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    System.out.println("wrote " + out);
  }

  static Map<String, Object> run(Size size, long seed, int runs) {
    long t0 = System.nanoTime();
    Dataset d = new SyntheticGenerator(size, seed).generate();
    TemporalSplit.Result split = TemporalSplit.split(d.interactions());
    Interactions train = d.interactions().select(split.trainRows());
    Interactions test = d.interactions().select(split.testRows());
    int numUsers = d.users().size();
    int numItems = d.items().size();
    double prepare = seconds(t0);
    log("%s dataset (seed %d): %d interactions, %d train (%d positives), %d test, in %.1f s", size.label(), seed,
        d.interactions().size(), train.size(), train.positives(), test.size(), prepare);

    ItemCf.Params cfParams = ItemCf.Params.recommended();
    Swing.Params swParams = Swing.Params.defaults();
    Supplier<I2iTable> itemCf = () -> ItemCf.build(train, numUsers, numItems, cfParams);
    Supplier<I2iTable> swing = () -> Swing.build(train, numUsers, numItems, swParams);

    I2iTable cfTable = timed("warm-up itemcf", itemCf, new ArrayList<>());
    I2iTable swTable = timed("warm-up swing", swing, new ArrayList<>());
    List<Double> cfRuns = new ArrayList<>();
    List<Double> swRuns = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      requireSame(cfTable, timed("itemcf run " + (r + 1), itemCf, cfRuns));
      requireSame(swTable, timed("swing run " + (r + 1), swing, swRuns));
    }

    UserHistory history = UserHistory.of(train, numUsers);
    PopularSource popular = new PopularSource(train, numItems, history);
    RecallEvaluator eval = new RecallEvaluator(test, history);
    Map<String, Object> quality = new LinkedHashMap<>();
    for (CandidateSource s : List.of(popular, new I2iSource(ItemCf.NAME, cfTable, history, popular),
        new I2iSource(Swing.NAME, swTable, history, popular))) {
      long e0 = System.nanoTime();
      RecallEvaluator.Report r = eval.evaluate(s);
      log("%-8s Recall@50 %.4f  NDCG@50 %.4f  HR@50 %.4f  (%.1f s)", s.name(), r.recall().get(50), r.ndcg().get(50),
          r.hitRate().get(50), seconds(e0));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("recall", rounded(r.recall()));
      m.put("ndcg", rounded(r.ndcg()));
      m.put("hit_rate", rounded(r.hitRate()));
      quality.put(s.name(), m);
    }

    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("source", "synthetic");
    dataset.put("size", size.label());
    dataset.put("seed", seed);
    dataset.put("users", numUsers);
    dataset.put("items", numItems);
    dataset.put("interactions", d.interactions().size());
    dataset.put("train_interactions", train.size());
    dataset.put("train_positives", train.positives());
    dataset.put("test_interactions", test.size());
    dataset.put("evaluated_users", eval.users());

    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("available_processors", Runtime.getRuntime().availableProcessors());
    machine.put("common_pool_parallelism", ForkJoinPool.getCommonPoolParallelism());
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);

    Map<String, Object> cf = new LinkedHashMap<>();
    Map<String, Object> cfp = new LinkedHashMap<>();
    cfp.put("top_k", cfParams.topK());
    cfp.put("max_items_per_user", cfParams.maxItemsPerUser());
    cfp.put("alpha", cfParams.alpha());
    cfp.put("half_life_fraction_of_span", cfParams.halfLife());
    cf.put("params", cfp);
    cf.putAll(buildStats(cfRuns, cfTable));
    Map<String, Object> sw = new LinkedHashMap<>();
    Map<String, Object> swp = new LinkedHashMap<>();
    swp.put("top_k", swParams.topK());
    swp.put("alpha", swParams.alpha());
    swp.put("beta", swParams.beta());
    swp.put("max_users_per_item", swParams.maxUsersPerItem());
    swp.put("max_items_per_user", swParams.maxItemsPerUser());
    sw.put("params", swp);
    sw.putAll(buildStats(swRuns, swTable));
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("recent_positives", I2iSource.Params.DEFAULT_RECENT_POSITIVES);
    source.put("decay", I2iSource.Params.DEFAULT_DECAY);

    double both = median(cfRuns) + median(swRuns);
    log("median build: itemcf %.2f s, swing %.2f s, together %.2f s (goal <= 60 s)", median(cfRuns),
        median(swRuns), both);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "i2i");
    result.put("command", "java -cp offline/target/classes:$(cat offline/cp.txt) "
        + "dev.recsys.offline.recall.I2iBenchmark offline/results/i2i-benchmark.json");
    result.put("dataset", dataset);
    result.put("machine", machine);
    result.put("runs", runs);
    result.put("itemcf", cf);
    result.put("swing", sw);
    result.put("i2i_source", source);
    result.put("itemcf_plus_swing_median_seconds", round(both, 3));
    result.put("goal_seconds", 60);
    result.put("quality", quality);
    return result;
  }

  private static I2iTable timed(String what, Supplier<I2iTable> build, List<Double> into) {
    System.gc(); // so one run's garbage is not collected on the next run's clock
    long t0 = System.nanoTime();
    I2iTable t = build.get();
    double s = seconds(t0);
    into.add(s);
    log("%-16s %.2f s (%s)", what, s, t);
    return t;
  }

  private static void requireSame(I2iTable first, I2iTable again) {
    if (!first.equals(again)) {
      throw new IllegalStateException("a rebuild gave a different table: the builders must be deterministic");
    }
  }

  private static Map<String, Object> buildStats(List<Double> runs, I2iTable t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("build_seconds_runs", runs.stream().map(s -> round(s, 3)).toList());
    m.put("build_seconds_median", round(median(runs), 3));
    int withNeighbours = 0;
    for (int i = 0; i < t.numItems(); i++) {
      withNeighbours += t.size(i) > 0 ? 1 : 0;
    }
    m.put("entries", t.entries());
    m.put("items_with_neighbors", withNeighbours);
    return m;
  }

  static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static Map<Integer, Double> rounded(Map<Integer, Double> m) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, round(v, 4)));
    return out;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
