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
import javax.sql.DataSource;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything the feature-read measurements share: an embedded PostgreSQL 17 holding {@link #ROWS}
 * rows, the minimal Spring context with the generated code, the hand-written JDBC reader, a primed
 * Caffeine cache and pre-drawn key sets. Both {@link FeatureReadBenchmark} (JMH, one path per
 * fork) and {@link FeatureReadAb} (both paths interleaved in one JVM) start one of these, so the
 * two measure exactly the same reads.
 */
final class BenchFixture implements AutoCloseable {

  static final int ROWS = 50_000;
  static final int BATCH = 500;
  /** Pre-drawn key sets, a power of two so a cursor wraps with a mask. */
  static final int KEY_SETS = 256;

  private EmbeddedPostgres postgres;
  private ConfigurableApplicationContext context;
  final BufferAllocator allocator;
  final BenchItemFeaturesAccess access;
  final BenchItemFeaturesRepository repository;
  final JdbcBenchItemReader jdbc;
  final Cache<String, BenchItemFeatures> cache;
  final List<List<String>> keySets;

  BenchFixture() throws Exception {
    BufferAllocator createdAllocator = null;
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
      createdAllocator = new RootAllocator();
      allocator = createdAllocator;
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
      closeQuietly(createdAllocator);
      throw e;
    }
  }

  private void closeQuietly(BufferAllocator createdAllocator) {
    try {
      if (createdAllocator != null) {
        createdAllocator.close();
      }
      stopServers();
    } catch (Exception suppressed) {
      // the setup failure is the one to report
    }
  }

  VectorSchemaRoot readGenerated(List<String> keys, List<String> missing) {
    return access.read(keys, BenchItemFeaturesArrow.COLUMNS, allocator, missing);
  }

  /** The read-through shape of feature-service's cache: hits from Caffeine, misses in one query. */
  VectorSchemaRoot readCached(List<String> keys) {
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

  /** The three paths must produce the same 500 x 20 Arrow content, else the timings mean nothing. */
  private void checkSamePaths(List<String> keys) throws SQLException {
    List<String> missing = new ArrayList<>();
    try (VectorSchemaRoot generated = readGenerated(keys, missing);
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

  private void stopServers() throws Exception {
    if (context != null) {
      context.close();
      context = null;
    }
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  /** Stops everything; the allocator's close throws if a read leaked a buffer. */
  @Override
  public void close() throws Exception {
    try {
      allocator.close();
    } finally {
      stopServers();
    }
  }
}
