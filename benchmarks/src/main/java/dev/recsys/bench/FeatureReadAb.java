package dev.recsys.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The generated-vs-JDBC ratio, measured the way a ratio on a noisy shared machine has to be: both
 * paths in one JVM against one PostgreSQL, interleaved call by call, in a random order per pair,
 * on the same key set. Whatever the machine does to one path in a given second it does to the
 * other, which separate JMH forks (minutes apart, each with its own server) cannot promise.
 *
 * <p>Arms: {@code generated} (the generated {@code FeatureAccess.read}, exactly what
 * {@link FeatureReadBenchmark#generatedCold} times), {@code jdbc} (the hand-written
 * {@link JdbcBenchItemReader#read}, as {@code jdbcCold}) and, as a diagnostic,
 * {@code repositoryOnly} (the generated repository's query and entity hydration alone).
 *
 * <p>Run from the repository root after building the module:
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xms1g -Xmx1g \
 *     -cp benchmarks/target/benchmarks.jar dev.recsys.bench.FeatureReadAb \
 *     benchmarks/results/feature-read-ab.json [rounds] [calls-per-round] [warm-up calls]
 * </pre>
 * Defaults: 5 rounds of 1,000 calls per arm after 3,000 warm-up calls per arm (about 1 min 30 s).
 */
public final class FeatureReadAb {

  private static final String[] ARMS = {"generated", "jdbc", "repositoryOnly"};

  private FeatureReadAb() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 4) {
      System.err.println("usage: FeatureReadAb <results.json> [rounds=5] [calls-per-round=1000] [warm-up=3000]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int rounds = args.length > 1 ? positive(args[1], "rounds") : 5;
    int calls = args.length > 2 ? positive(args[2], "calls-per-round") : 1000;
    int warmUp = args.length > 3 ? positive(args[3], "warm-up") : 3000;

    try (BenchFixture fixture = new BenchFixture()) {
      Random order = new Random(11);
      long[][] sink = new long[ARMS.length][warmUp];
      run(fixture, order, sink, 0, warmUp);
      double[][][] perRound = new double[rounds][][];
      long[][][] samples = new long[rounds][][];
      for (int r = 0; r < rounds; r++) {
        long[][] times = new long[ARMS.length][calls];
        run(fixture, order, times, warmUp + r * calls, calls);
        samples[r] = times;
        perRound[r] = summarize(times);
        System.out.printf(Locale.ROOT, "round %d: %s%n", r + 1, line(perRound[r]));
      }
      String json = json(rounds, calls, warmUp, perRound, samples);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json, StandardCharsets.UTF_8);
      System.out.println(json);
    }
  }

  /** {@code calls} interleaved calls of every arm, arm order shuffled per call, times in ns. */
  private static void run(BenchFixture fixture, Random order, long[][] times, int cursor, int calls) throws Exception {
    int[] arms = {0, 1, 2};
    long checksum = 0;
    for (int i = 0; i < calls; i++) {
      List<String> keys = fixture.keySets.get((cursor + i) & (BenchFixture.KEY_SETS - 1));
      shuffle(arms, order);
      for (int arm : arms) {
        long start = System.nanoTime();
        checksum += call(fixture, arm, keys);
        times[arm][i] = System.nanoTime() - start;
      }
    }
    if (checksum != (long) calls * ARMS.length * BenchFixture.BATCH) {
      throw new IllegalStateException("some read did not return " + BenchFixture.BATCH + " rows");
    }
  }

  /** One read; returns its row count so the work cannot be optimized away and is checked. */
  private static int call(BenchFixture fixture, int arm, List<String> keys) throws Exception {
    switch (arm) {
      case 0 -> {
        List<String> missing = new ArrayList<>();
        try (VectorSchemaRoot root = fixture.readGenerated(keys, missing)) {
          return root.getRowCount() + missing.size();
        }
      }
      case 1 -> {
        try (VectorSchemaRoot root = fixture.jdbc.read(keys, fixture.allocator)) {
          return root.getRowCount();
        }
      }
      default -> {
        return fixture.repository.findAllByItemIdArray(keys.toArray(String[]::new)).size();
      }
    }
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Per arm: {p50, p90, p99} in ms. */
  private static double[][] summarize(long[][] times) {
    double[][] out = new double[times.length][];
    for (int a = 0; a < times.length; a++) {
      long[] sorted = times[a].clone();
      Arrays.sort(sorted);
      out[a] = new double[] {pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99)};
    }
    return out;
  }

  /** Nearest-rank percentile in ms. */
  private static double pct(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private static String line(double[][] s) {
    StringBuilder b = new StringBuilder();
    for (int a = 0; a < ARMS.length; a++) {
      b.append(String.format(Locale.ROOT, "%s p50 %.3f p99 %.3f ms; ", ARMS[a], s[a][0], s[a][2]));
    }
    b.append(String.format(Locale.ROOT, "generated/jdbc p50 %.2fx p99 %.2fx", s[0][0] / s[1][0], s[0][2] / s[1][2]));
    return b.toString();
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String json(int rounds, int calls, int warmUp, double[][][] perRound, long[][][] samples) {
    StringBuilder b = new StringBuilder("{\n");
    b.append(String.format(Locale.ROOT, "  \"finished\": \"%s\",%n", Instant.now()));
    b.append(String.format(Locale.ROOT, "  \"java\": \"%s\",%n", System.getProperty("java.vm.version")));
    b.append(String.format(Locale.ROOT, "  \"cpus\": %d,%n", Runtime.getRuntime().availableProcessors()));
    b.append(String.format(Locale.ROOT, "  \"rows\": %d, \"batch\": %d, \"columns\": 20,%n", BenchFixture.ROWS, BenchFixture.BATCH));
    b.append(String.format(Locale.ROOT, "  \"rounds\": %d, \"callsPerRoundPerArm\": %d, \"warmUpCallsPerArm\": %d,%n", rounds, calls, warmUp));
    b.append("  \"unit\": \"ms\",\n  \"perRound\": [\n");
    double[] p50Ratio = new double[rounds];
    double[] p99Ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double[][] s = perRound[r];
      p50Ratio[r] = s[0][0] / s[1][0];
      p99Ratio[r] = s[0][2] / s[1][2];
      b.append("    {");
      for (int a = 0; a < ARMS.length; a++) {
        b.append(String.format(Locale.ROOT, "\"%s\": {\"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f}, ", ARMS[a], s[a][0], s[a][1], s[a][2]));
      }
      b.append(String.format(Locale.ROOT, "\"generatedOverJdbcP50\": %.3f, \"generatedOverJdbcP99\": %.3f}%s%n",
          p50Ratio[r], p99Ratio[r], r + 1 < rounds ? "," : ""));
    }
    b.append("  ],\n  \"pooled\": {");
    double[][] pooled = new double[ARMS.length][];
    for (int a = 0; a < ARMS.length; a++) {
      long[] all = new long[rounds * calls];
      for (int r = 0; r < rounds; r++) {
        System.arraycopy(samples[r][a], 0, all, r * calls, calls);
      }
      Arrays.sort(all);
      pooled[a] = new double[] {pct(all, 0.50), pct(all, 0.90), pct(all, 0.99)};
      b.append(String.format(Locale.ROOT, "\"%s\": {\"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f}, ", ARMS[a],
          pooled[a][0], pooled[a][1], pooled[a][2]));
    }
    b.append(String.format(Locale.ROOT, "\"generatedOverJdbcP50\": %.3f, \"generatedOverJdbcP99\": %.3f},%n",
        pooled[0][0] / pooled[1][0], pooled[0][2] / pooled[1][2]));
    b.append(String.format(Locale.ROOT, "  \"medianOverRounds\": {\"generatedOverJdbcP50\": %.3f, \"generatedOverJdbcP99\": %.3f}%n",
        median(p50Ratio), median(p99Ratio)));
    return b.append("}\n").toString();
  }

  private static int positive(String arg, String name) {
    try {
      int v = Integer.parseInt(arg);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new IllegalArgumentException(name + " must be a positive integer, got '" + arg + "'");
  }
}
