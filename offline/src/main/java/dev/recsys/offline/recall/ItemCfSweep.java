package dev.recsys.offline.recall;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How ItemCF's {@code alpha} and {@code halfLife} were chosen, reproducibly: on synthetic data of
 * one size and seed (temporal split), Recall/NDCG/HR@K of popularity, of an oracle that knows the
 * generator's true click probabilities (the scale of what any source could reach), and of ItemCF
 * with each given setting. Select settings on one seed, report them on another.
 *
 * <pre>
 * CLASSPATH=offline/target/classes:$(cat offline/cp.txt) java dev.recsys.offline.recall.ItemCfSweep \
 *     offline/results/itemcf-sweep-seed1.json default 1 0.5,0 0.5,0.1 0.3,0.1 0.3,0.2 0.1,0.1
 * </pre>
 */
public final class ItemCfSweep {

  private ItemCfSweep() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: ItemCfSweep OUT.json small|default SEED ALPHA,HALF_LIFE [ALPHA,HALF_LIFE ...]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Size size = Size.parse(args[1]);
    long seed = Long.parseLong(args[2]);
    SyntheticGenerator generator = new SyntheticGenerator(size, seed);
    Dataset d = generator.generate();
    TemporalSplit.Result split = TemporalSplit.split(d.interactions());
    Interactions train = d.interactions().select(split.trainRows());
    Interactions test = d.interactions().select(split.testRows());
    int numUsers = d.users().size();
    int numItems = d.items().size();
    UserHistory history = UserHistory.of(train, numUsers);
    RecallEvaluator evaluator = new RecallEvaluator(test, history);
    PopularSource popular = new PopularSource(train, numItems, history);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dataset", "synthetic " + size.label() + " seed " + seed + ", temporal split");
    result.put("evaluated_users", evaluator.users());
    result.put("popular", metrics(evaluator.evaluate(popular)));
    result.put("oracle", metrics(evaluator.evaluate(oracle(generator, d, train, history))));
    result.put("oracle_is", "training impressions of the item x the generator's true click probability for the"
        + " user at the end of training, minus history");
    List<Object> settings = new ArrayList<>();
    for (String s : Arrays.asList(args).subList(3, args.length)) {
      String[] p = s.split(",");
      if (p.length != 2) {
        throw new IllegalArgumentException("setting '" + s + "': expected ALPHA,HALF_LIFE, e.g. 0.3,0.1");
      }
      ItemCf.Params params = ItemCf.Params.defaults().withAlpha(Double.parseDouble(p[0]))
          .withHalfLife(Double.parseDouble(p[1]));
      I2iTable table = ItemCf.build(train, numUsers, numItems, params);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("alpha", params.alpha());
      m.put("half_life", params.halfLife());
      m.putAll(metrics(evaluator.evaluate(new I2iSource(ItemCf.NAME, table, history, popular))));
      settings.add(m);
      System.out.printf("alpha %s half-life %s: Recall@50 %s%n", p[0], p[1], m.get("recall"));
    }
    result.put("itemcf", settings);
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, Json.write(result), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    System.out.println("wrote " + out);
  }

  private static CandidateSource oracle(SyntheticGenerator g, Dataset d, Interactions train, UserHistory history) {
    int numItems = d.items().size();
    long[] impressions = new long[numItems];
    for (int i : train.items()) {
      impressions[i]++;
    }
    long end = train.maxTimestamp();
    return new CandidateSource() {
      @Override
      public String name() {
        return "oracle";
      }

      @Override
      public int[] topK(int user, int k) {
        Integer[] order = new Integer[numItems];
        double[] score = new double[numItems];
        for (int i = 0; i < numItems; i++) {
          order[i] = i;
          score[i] = impressions[i] * g.clickProbability(d.users().ids()[user], d.items().ids()[i], end);
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : score[a] != score[b] ? Double.compare(score[b], score[a])
            : Integer.compare(a, b));
        int[] top = new int[Math.min(k, numItems)];
        int n = 0;
        for (int r = 0; r < numItems && n < top.length; r++) {
          if (!history.hasSeen(user, order[r])) {
            top[n++] = order[r];
          }
        }
        return Arrays.copyOf(top, n);
      }
    };
  }

  private static Map<String, Object> metrics(RecallEvaluator.Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recall", round(r.recall()));
    m.put("ndcg", round(r.ndcg()));
    m.put("hit_rate", round(r.hitRate()));
    return m;
  }

  private static Map<String, Object> round(Map<Integer, Double> byK) {
    Map<String, Object> m = new LinkedHashMap<>();
    byK.forEach((k, v) -> m.put("@" + k, Math.round(v * 1e4) / 1e4));
    return m;
  }
}
