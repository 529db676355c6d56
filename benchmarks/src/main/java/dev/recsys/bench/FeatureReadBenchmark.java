package dev.recsys.bench;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * <p>Each benchmark runs in its own fork with its own {@link BenchFixture} (PostgreSQL and Spring
 * context), which checks that the three paths return identical Arrow content for one key set and
 * fails fast if not. Forks differ by more than the paths do on this shared machine; the ratio
 * between paths is measured interleaved in one JVM by {@link FeatureReadAb}.
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

  private BenchFixture fixture;

  /** Which pre-drawn key set a thread reads next. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    List<String> keys(FeatureReadBenchmark bench) {
      next = (next + 1) & (BenchFixture.KEY_SETS - 1);
      return bench.fixture.keySets.get(next);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new BenchFixture();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (fixture != null) {
      fixture.close(); // throws if a benchmark leaked a buffer
      fixture = null;
    }
  }

  @Benchmark
  public void generatedCold(Cursor cursor, Blackhole bh) {
    List<String> missing = new ArrayList<>();
    try (VectorSchemaRoot root = fixture.readGenerated(cursor.keys(this), missing)) {
      bh.consume(root);
      bh.consume(root.getRowCount());
      bh.consume(missing);
    }
  }

  @Benchmark
  public void jdbcCold(Cursor cursor, Blackhole bh) throws SQLException {
    try (VectorSchemaRoot root = fixture.jdbc.read(cursor.keys(this), fixture.allocator)) {
      bh.consume(root);
      bh.consume(root.getRowCount());
    }
  }

  @Benchmark
  public void cachedWarm(Cursor cursor, Blackhole bh) {
    try (VectorSchemaRoot root = fixture.readCached(cursor.keys(this))) {
      bh.consume(root);
      bh.consume(root.getRowCount());
    }
  }

  @Benchmark
  public void breakdownRepositoryOnly(Cursor cursor, Blackhole bh) {
    bh.consume(fixture.repository.findAllByItemIdArray(cursor.keys(this).toArray(String[]::new)));
  }

  @Benchmark
  public void breakdownJdbcInList(Cursor cursor, Blackhole bh) throws SQLException {
    try (VectorSchemaRoot root = fixture.jdbc.readInList(cursor.keys(this), fixture.allocator)) {
      bh.consume(root);
      bh.consume(root.getRowCount());
    }
  }
}
