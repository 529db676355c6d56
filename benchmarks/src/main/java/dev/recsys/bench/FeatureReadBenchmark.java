package dev.recsys.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.recsys.bench.generated.BenchItemFeatures;
import dev.recsys.bench.generated.BenchItemFeaturesAccess;
import dev.recsys.bench.generated.BenchItemFeaturesArrow;
import dev.recsys.bench.generated.BenchItemFeaturesRepository;
import dev.recsys.bench.generated.FeatureCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Batch read of 500 random item rows x 20 columns into one Arrow {@link VectorSchemaRoot}, three
 * ways, against a real PostgreSQL 17 (zonky embedded) holding 50,000 rows.
 *
 * <p>Run from the repository root (build first; results go to benchmarks/results/):
 * <pre>
 * ./mvnw -B -pl benchmarks -am install -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FeatureReadBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s -t 1 \
 *     -rf json -rff benchmarks/results/feature-read.json -o benchmarks/results/feature-read.txt
 * </pre>
 *
 * <ul>
 *   <li>{@link #generatedCold}: the generated {@code BenchItemFeaturesAccess.read} (one
 *       {@code findAllByItemIdIn} JPA query through the generated repository, then the generated
 *       {@code BenchItemFeaturesArrow.toArrow}); no application cache.
 *   <li>{@link #jdbcCold}: the hand-written baseline, {@link JdbcBenchItemReader}: one JDBC query,
 *       ResultSet straight into Arrow vectors of the same schema, rows in request order.
 *   <li>{@link #cachedWarm}: a Caffeine cache of generated entities (per key, bounded, TTL, like
 *       feature-service's read cache) primed with every row; {@code getAll} + {@code toArrow}.
 * </ul>
 * Two more split the generated path's time (diagnostics, not goals):
 * <ul>
 *   <li>{@link #breakdownRepositoryOnly}: just {@code findAllByItemIdArray}, the generated batch
 *       read {@code generatedCold} uses (one array-bound native query + entity
 *       hydration), no Arrow; generatedCold minus this is the reordering + {@code toArrow}.
 *   <li>{@link #breakdownJdbcInList}: hand-written JDBC with Hibernate's query shape,
 *       {@code item_id IN (?, ... 500 ...)}, into the same Arrow vectors (rows in database order);
 *       against this, breakdownRepositoryOnly shows what JPA/Hibernate itself costs, and against
 *       jdbcCold what the query shape costs.
 * </ul>
 * "Cold" means "not from the application cache": PostgreSQL's own buffers hold the table (about
 * 10 MB) after the load, as they would on a serving database.
 *
 * <p>Each benchmark runs in its own fork with its own PostgreSQL and Spring context. Setup checks
 * that the three paths return identical Arrow content for one key set and fails fast if not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {
    // Arrow reads direct buffers reflectively (root pom's arrow.jvm.flags).
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    // A fixed heap: no resizing pauses in the measured percentiles.
    "-Xms1g", "-Xmx1g"})
public class FeatureReadBenchmark {

  static final int ROWS = 50_000;
  static final int BATCH = 500;
  /** Pre-drawn key sets, a power of two so the cursor wraps with a mask. */
  static final int KEY_SETS = 256;

  private EmbeddedPostgres postgres;
  private ConfigurableApplicationContext context;
  private BufferAllocator allocator;
  private BenchItemFeaturesAccess access;
  private BenchItemFeaturesRepository repository;
  private JdbcBenchItemReader jdbc;
  private Cache<String, BenchItemFeatures> cache;
  private List<List<String>> keySets;

  /** Which pre-drawn key set a thread reads next. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    List<String> keys(FeatureReadBenchmark bench) {
      next = (next + 1) & (KEY_SETS - 1);
      return bench.keySets.get(next);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    try {
      // A throw-away server, configured like feature-service's PostgreSQL contract test.
      postgres = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
      String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?reWriteBatchedInserts=true";
      context = BenchApplication.start(url, "postgres", "");
      DataSource dataSource = BenchApplication.dataSource(context);
      BenchItems.load(dataSource, BenchItems.generate(ROWS, 42));

      access = context.getBean(BenchItemFeaturesAccess.class);
      repository = context.getBean(BenchItemFeaturesRepository.class);
      jdbc = new JdbcBenchItemReader(dataSource);
      allocator = new RootAllocator();
      keySets = BenchItems.keySets(KEY_SETS, BATCH, ROWS, 7);

      Duration ttl = FeatureCatalog.entity("bench_item").orElseThrow().cacheTtl();
      cache = Caffeine.newBuilder()
          .expireAfterWrite(ttl)
          .maximumSize(100_000) // feature-service's recsys.feature.cache.max-entries default
          .build();
      for (BenchItemFeatures row : repository.findAll()) {
        cache.put(row.getItemId(), row);
      }
      cache.cleanUp();
      if (cache.estimatedSize() != ROWS) {
        throw new IllegalStateException("cache primed with " + cache.estimatedSize() + " rows, expected " + ROWS);
      }
      checkSamePaths(keySets.get(0));
    } catch (Exception | Error e) {
      tearDown();
      throw e;
    }
  }

  /** The three paths must produce the same 500 x 20 Arrow content, else the timings mean nothing. */
  private void checkSamePaths(List<String> keys) throws SQLException {
    List<String> missing = new ArrayList<>();
    try (VectorSchemaRoot generated = access.read(keys, BenchItemFeaturesArrow.COLUMNS, allocator, missing);
         VectorSchemaRoot viaJdbc = jdbc.read(keys, allocator);
         VectorSchemaRoot cached = readCached(keys)) {
      if (!missing.isEmpty() || generated.getRowCount() != BATCH || generated.getFieldVectors().size() != 20) {
        throw new IllegalStateException("generated read returned " + generated.getRowCount() + " rows x "
            + generated.getFieldVectors().size() + " columns, missing " + missing);
      }
      same("generated", generated, "jdbc", viaJdbc);
      same("generated", generated, "cached", cached);
    }
    try (VectorSchemaRoot inList = jdbc.readInList(keys, allocator)) {
      if (inList.getRowCount() != BATCH || repository.findAllByItemIdIn(keys).size() != BATCH) {
        throw new IllegalStateException("breakdown paths do not return " + BATCH + " rows");
      }
    }
  }

  private static void same(String aName, VectorSchemaRoot a, String bName, VectorSchemaRoot b) {
    if (!a.equals(b) || !a.contentToTSVString().equals(b.contentToTSVString())) {
      String[] al = a.contentToTSVString().split("\n");
      String[] bl = b.contentToTSVString().split("\n");
      for (int i = 0; i < Math.min(al.length, bl.length); i++) {
        if (!al[i].equals(bl[i])) {
          throw new IllegalStateException(aName + " and " + bName + " differ at TSV line " + i + ":\n  "
              + aName + ": " + al[i] + "\n  " + bName + ": " + bl[i] + "\nschemas: " + a.getSchema() + " / " + b.getSchema());
        }
      }
      throw new IllegalStateException(aName + " and " + bName + " differ: " + al.length + " vs " + bl.length
          + " TSV lines; schemas: " + a.getSchema() + " / " + b.getSchema());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (context != null) {
      context.close();
      context = null;
    }
    if (allocator != null) {
      allocator.close(); // throws if a benchmark leaked a buffer
      allocator = null;
    }
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  @Benchmark
  public void generatedCold(Cursor cursor, Blackhole bh) {
    List<String> missing = new ArrayList<>();
    try (VectorSchemaRoot root = access.read(cursor.keys(this), BenchItemFeaturesArrow.COLUMNS, allocator, missing)) {
      bh.consume(root);
      bh.consume(root.getRowCount());
      bh.consume(missing);
    }
  }

  @Benchmark
  public void jdbcCold(Cursor cursor, Blackhole bh) throws SQLException {
    try (VectorSchemaRoot root = jdbc.read(cursor.keys(this), allocator)) {
      bh.consume(root);
      bh.consume(root.getRowCount());
    }
  }

  @Benchmark
  public void cachedWarm(Cursor cursor, Blackhole bh) {
    try (VectorSchemaRoot root = readCached(cursor.keys(this))) {
      bh.consume(root);
      bh.consume(root.getRowCount());
    }
  }

  @Benchmark
  public void breakdownRepositoryOnly(Cursor cursor, Blackhole bh) {
    bh.consume(repository.findAllByItemIdArray(cursor.keys(this).toArray(String[]::new)));
  }

  @Benchmark
  public void breakdownJdbcInList(Cursor cursor, Blackhole bh) throws SQLException {
    try (VectorSchemaRoot root = jdbc.readInList(cursor.keys(this), allocator)) {
      bh.consume(root);
      bh.consume(root.getRowCount());
    }
  }

  /** The read-through shape of feature-service's cache: hits from Caffeine, misses in one query. */
  private VectorSchemaRoot readCached(List<String> keys) {
    Map<String, BenchItemFeatures> found = cache.getAll(keys, this::load);
    List<BenchItemFeatures> rows = new ArrayList<>(keys.size());
    for (String key : keys) {
      BenchItemFeatures row = found.get(key);
      if (row != null) {
        rows.add(row);
      }
    }
    return BenchItemFeaturesArrow.toArrow(rows, BenchItemFeaturesArrow.COLUMNS, allocator);
  }

  private Map<String, BenchItemFeatures> load(Set<? extends String> keys) {
    Map<String, BenchItemFeatures> out = new HashMap<>(keys.size() * 2);
    for (BenchItemFeatures row : repository.findAllByItemIdIn(List.copyOf(keys))) {
      out.put(row.getItemId(), row);
    }
    return out;
  }
}
