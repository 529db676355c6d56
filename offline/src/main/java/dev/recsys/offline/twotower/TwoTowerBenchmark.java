package dev.recsys.offline.twotower;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.recall.CandidateSource;
import dev.recsys.offline.recall.PopularSource;
import dev.recsys.offline.recall.RecallEvaluator;
import dev.recsys.offline.recall.UserHistory;
import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speed and quality of the two-tower model on synthetic data, against the popularity baseline.
 * Not a test: it takes about a minute at the default size on 2 cores. Run from the repository root:
 *
 * <pre>
 * ./mvnw -o -q -pl offline compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * CLASSPATH=offline/target/classes:$(cat offline/cp.txt) java dev.recsys.offline.twotower.TwoTowerBenchmark \
 *     offline/target/twotower [--size default] [--seed 42] [--threads 2] [--epochs N] \
 *     [--out offline/results/twotower.json]
 * rm offline/cp.txt
 * </pre>
 *
 * The class path goes in the environment, not after {@code -cp}: ONNX Runtime 1.29.0's native
 * library crashes the JVM (SIGSEGV, no hs_err file) when it initialises in a process whose
 * command line is longer than about 4 KB, and this module's class path alone is longer.
 *
 * Generates the dataset, splits it temporally, trains, exports to the given directory, runs the
 * exported ONNX user tower in ONNX Runtime over every user and compares it with the Java forward
 * pass, evaluates Recall/NDCG/HR@10,20,50 of two-tower and popular, and writes one JSON file.
 * Further flags override {@link TwoTowerConfig#defaults()}: --lr, --temperature, --logq,
 * --batch, --dim, --id-dim, --side-dim, --hidden, --history, --id-dropout, --recency, --wd, and
 * --model-seed (the model's seed when it should differ from the data's).
 */
public final class TwoTowerBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(TwoTowerBenchmark.class);

  private TwoTowerBenchmark() {}

  public static void main(String[] args) throws OrtException {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println("usage: TwoTowerBenchmark EXPORT_DIR [--size small|default] [--seed N] [--threads N]"
          + " [--epochs N] [--out FILE] [--lr X] [--temperature X] [--logq X] [--batch N] [--dim N] [--id-dim N]"
          + " [--side-dim N] [--hidden N] [--history N] [--id-dropout X] [--recency X] [--wd X] [--model-seed N]");
      System.exit(2);
    }
    Path exportDir = Path.of(args[0]);
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs after EXPORT_DIR, found '" + args[i] + "'");
      }
      opt.put(args[i].substring(2), args[i + 1]);
    }
    Size size = Size.parse(opt.getOrDefault("size", "default"));
    long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
    Path out = Path.of(opt.getOrDefault("out", "offline/results/twotower.json"));
    TwoTowerConfig config = configFrom(opt);

    long t0 = System.nanoTime();
    SyntheticGenerator generator = new SyntheticGenerator(size, seed);
    Dataset d = generator.generate();
    TemporalSplit.Result split = TemporalSplit.split(d.interactions());
    Interactions train = d.interactions().select(split.trainRows());
    Interactions test = d.interactions().select(split.testRows());
    UserHistory history = UserHistory.of(train, d.users().size());
    double dataSeconds = (System.nanoTime() - t0) / 1e9;
    LOG.info("data: {} users, {} items, {} train / {} test interactions, {} train positives ({} s)",
        d.users().size(), d.items().size(), train.size(), test.size(), train.positives(), round(dataSeconds, 2));

    LOG.info("training {}", config);
    RecallEvaluator evaluator = new RecallEvaluator(test, history);
    // The learning curve: Recall@50 after each epoch, evaluated outside the timed training.
    List<Object> curve = new ArrayList<>();
    double[] evalTime = new double[1];
    TwoTowerTrainer.Result r = new TwoTowerTrainer(config).train(d.users(), d.items(), train,
        (epoch, loss, s, m) -> {
          long e0 = System.nanoTime();
          double recall = evaluator.evaluate(TwoTowerSource.of(m, history)).recall().get(50);
          curve.add(round(recall, 4));
          evalTime[0] += (System.nanoTime() - e0) / 1e9;
          LOG.info("epoch {}/{}: loss {}, Recall@50 {} ({} s training)", epoch, config.epochs(), round(loss, 4),
              round(recall, 4), round(s - evalTime[0], 1));
        });
    double trainingSeconds = r.seconds() - evalTime[0];
    TwoTowerModel model = r.model();

    long t1 = System.nanoTime();
    TwoTowerSource twoTower = TwoTowerSource.of(model, history);
    double embedSeconds = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    RecallEvaluator.Report tt = evaluator.evaluate(twoTower);
    double evalSeconds = (System.nanoTime() - t2) / 1e9;
    RecallEvaluator.Report pop = evaluator.evaluate(new PopularSource(train, d.items().size(), history));
    LOG.info("twotower recall {} ndcg {} hr {}", tt.recall(), tt.ndcg(), tt.hitRate());
    LOG.info("popular  recall {} ndcg {} hr {}", pop.recall(), pop.ndcg(), pop.hitRate());
    // Reference points, not competitors: how much of the gain is recency alone, and roughly how much
    // a model could gain at all on this data (it knows the generator's true click probabilities).
    double[] recentPositives = new double[d.items().size()];
    double[] recentExposures = new double[d.items().size()];
    long newest = train.maxTimestamp();
    double halfLife = config.recencyHalfLife() * (newest - train.minTimestamp());
    for (int k = 0; k < train.size(); k++) {
      double w = Math.pow(0.5, (newest - train.timestamps()[k]) / halfLife);
      recentExposures[train.items()[k]] += w;
      recentPositives[train.items()[k]] += w * train.labels()[k];
    }
    RecallEvaluator.Report recent = evaluator.evaluate(new ScoredSource("popular_recent", history,
        u -> recentPositives));
    long testEnd = test.maxTimestamp();
    RecallEvaluator.Report oracle = evaluator.evaluate(new ScoredSource("oracle_reference", history, u -> {
      double[] sc = new double[recentExposures.length];
      for (int i = 0; i < sc.length; i++) {
        sc[i] = recentExposures[i] * generator.clickProbability(d.users().ids()[u], d.items().ids()[i], testEnd);
      }
      return sc;
    }));
    LOG.info("references: popular_recent Recall@50 {}, oracle_reference Recall@50 {}", recent.recall().get(50),
        oracle.recall().get(50));

    Map<String, Object> training = new LinkedHashMap<>();
    training.put("dataset", "synthetic " + size.label() + " seed " + seed);
    training.put("train_examples", r.examples());
    training.put("recall_at_50", tt.recall().get(50));
    TwoTowerExport.Exported exported = TwoTowerExport.export(model, exportDir, training);
    Map<String, Object> onnx = checkOnnx(exported.userTower(), model, history);
    LOG.info("exported to {}; ONNX Runtime vs Java over all users: {}", exportDir, onnx);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "twotower");
    result.put("command", "CLASSPATH=offline/target/classes:$(cat offline/cp.txt) java "
        + "dev.recsys.offline.twotower.TwoTowerBenchmark " + String.join(" ", args));
    result.put("dataset", Map.of("source", "synthetic", "size", size.label(), "seed", seed));
    result.put("users", d.users().size());
    result.put("items", d.items().size());
    result.put("train_interactions", train.size());
    result.put("train_positives", train.positives());
    result.put("train_examples", r.examples());
    result.put("test_interactions", test.size());
    result.put("evaluated_users", tt.users());
    result.put("cores", Runtime.getRuntime().availableProcessors());
    result.put("config", config.toMap());
    result.put("training_seconds", round(trainingSeconds, 2));
    result.put("seconds_per_epoch", round(trainingSeconds / config.epochs(), 2));
    List<Object> losses = new ArrayList<>();
    for (double l : r.epochLoss()) {
      losses.add(round(l, 4));
    }
    result.put("epoch_loss", losses);
    result.put("recall_at_50_by_epoch", curve);
    result.put("embed_all_users_seconds", round(embedSeconds, 3));
    result.put("brute_force_topk_seconds", round(evalSeconds, 3));
    result.put("twotower", metrics(tt));
    result.put("popular", metrics(pop));
    Map<String, Object> refs = new LinkedHashMap<>();
    refs.put("popular_recent", metrics(recent));
    refs.put("popular_recent_is",
        "items by recency-weighted training positives (the model's half-life), minus history");
    refs.put("oracle_reference", metrics(oracle));
    refs.put("oracle_reference_is", "recency-weighted exposures x the generator's true click probability at the"
        + " end of the test window: a rough ceiling for any model on this data");
    result.put("references", refs);
    result.put("onnx", onnx);
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, Json.write(result), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    LOG.info("wrote {}", out);
  }

  private static TwoTowerConfig configFrom(Map<String, String> opt) {
    TwoTowerConfig c = TwoTowerConfig.defaults().withThreads(Integer.parseInt(opt.getOrDefault("threads", "2")));
    if (opt.containsKey("epochs")) {
      c = c.withEpochs(Integer.parseInt(opt.get("epochs")));
    }
    if (opt.containsKey("lr")) {
      c = c.withLearningRate(Double.parseDouble(opt.get("lr")));
    }
    if (opt.containsKey("temperature")) {
      c = c.withTemperature(Double.parseDouble(opt.get("temperature")));
    }
    if (opt.containsKey("logq")) {
      c = c.withLogQWeight(Double.parseDouble(opt.get("logq")));
    }
    if (opt.containsKey("batch")) {
      c = c.withBatchSize(Integer.parseInt(opt.get("batch")));
    }
    if (opt.containsKey("wd")) {
      c = c.withWeightDecay(Double.parseDouble(opt.get("wd")));
    }
    if (opt.containsKey("recency")) {
      c = c.withRecencyHalfLife(Double.parseDouble(opt.get("recency")));
    }
    if (opt.containsKey("id-dropout")) {
      c = c.withIdDropout(Double.parseDouble(opt.get("id-dropout")));
    }
    if (opt.containsKey("seed") || opt.containsKey("model-seed")) {
      c = c.withSeed(Long.parseLong(opt.getOrDefault("model-seed", opt.get("seed"))));
    }
    return c.withShape(
        Integer.parseInt(opt.getOrDefault("dim", Integer.toString(c.dim()))),
        Integer.parseInt(opt.getOrDefault("id-dim", Integer.toString(c.idDim()))),
        Integer.parseInt(opt.getOrDefault("side-dim", Integer.toString(c.sideDim()))),
        Integer.parseInt(opt.getOrDefault("hidden", Integer.toString(c.hidden()))),
        Integer.parseInt(opt.getOrDefault("history", Integer.toString(c.historyLength()))));
  }

  /** Runs the exported tower over every user in batches of 1024; max |ONNX - Java| and throughput. */
  private static Map<String, Object> checkOnnx(Path file, TwoTowerModel model, UserHistory history)
      throws OrtException {
    int n = model.numUsers();
    int[] users = new int[n];
    for (int u = 0; u < n; u++) {
      users[u] = u;
    }
    UserBatch all = model.encode(users, history);
    float[] java = model.userEmbeddings(all);
    int dim = model.dim();
    int len = model.historyLength();
    double maxDiff = 0;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long t0 = System.nanoTime();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      for (int from = 0; from < n; from += 1024) {
        int m = Math.min(1024, n - from);
        long[] shape = {m};
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        in.put(TwoTowerExport.USER_INDEX, OnnxTensor.createTensor(env, longs(all.userIndex(), from, m, 1), shape));
        in.put(TwoTowerExport.GENDER, OnnxTensor.createTensor(env, longs(all.gender(), from, m, 1), shape));
        in.put(TwoTowerExport.AGE_BUCKET, OnnxTensor.createTensor(env, longs(all.age(), from, m, 1), shape));
        in.put(TwoTowerExport.OCCUPATION, OnnxTensor.createTensor(env, longs(all.occupation(), from, m, 1), shape));
        in.put(TwoTowerExport.HISTORY,
            OnnxTensor.createTensor(env, longs(all.history(), from, m, len), new long[] {m, len}));
        try (OrtSession.Result res = session.run(in)) {
          float[][] y = (float[][]) res.get(0).getValue();
          for (int k = 0; k < m; k++) {
            for (int j = 0; j < dim; j++) {
              maxDiff = Math.max(maxDiff, Math.abs(y[k][j] - java[(from + k) * dim + j]));
            }
          }
        } finally {
          in.values().forEach(OnnxTensor::close);
        }
      }
      double runSeconds = (System.nanoTime() - t1) / 1e9;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("max_abs_diff_vs_java", maxDiff);
      m.put("load_seconds", round(loadSeconds, 3));
      m.put("users_per_second_batch_1024", Math.round(n / runSeconds));
      m.put("bytes", file.toFile().length());
      return m;
    }
  }

  /** Items by a per-user score array, best first (ties by lower index), minus the user's history. */
  private static final class ScoredSource implements CandidateSource {
    private final String name;
    private final UserHistory history;
    private final IntFunction<double[]> scores;

    ScoredSource(String name, UserHistory history, IntFunction<double[]> scores) {
      this.name = name;
      this.history = history;
      this.scores = scores;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int[] topK(int user, int k) {
      double[] s = scores.apply(user);
      return IntStream.range(0, s.length).filter(i -> !history.hasSeen(user, i)).boxed()
          .sorted((a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b))
          .limit(k).mapToInt(Integer::intValue).toArray();
    }
  }

  private static LongBuffer longs(int[] src, int from, int m, int width) {
    long[] v = new long[m * width];
    for (int k = 0; k < v.length; k++) {
      v[k] = src[from * width + k];
    }
    return LongBuffer.wrap(v);
  }

  private static Map<String, Object> metrics(RecallEvaluator.Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recall", rounded(r.recall()));
    m.put("ndcg", rounded(r.ndcg()));
    m.put("hit_rate", rounded(r.hitRate()));
    return m;
  }

  private static Map<String, Object> rounded(Map<Integer, Double> byK) {
    Map<String, Object> m = new LinkedHashMap<>();
    byK.forEach((k, v) -> m.put("@" + k, round(v, 4)));
    return m;
  }

  private static double round(double v, int places) {
    double s = Math.pow(10, places);
    return Math.round(v * s) / s;
  }
}
