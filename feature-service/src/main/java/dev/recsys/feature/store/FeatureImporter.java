package dev.recsys.feature.store;

import dev.recsys.feature.config.FeatureProperties;
import dev.recsys.feature.write.FeatureWriter;
import dev.recsys.transform.CsvRows;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads a dataset directory written by the offline jobs into empty tables at start-up, so that
 * {@code ./recsys up} serves features without a separate load step. Tables that already hold
 * rows are left alone: a restart never overwrites what the write path changed.
 */
@Component
public class FeatureImporter implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(FeatureImporter.class);

  private final FeatureStore store;
  private final FeatureWriter writer;
  private final FeatureProperties props;

  public FeatureImporter(FeatureStore store, FeatureWriter writer, FeatureProperties props) {
    this.store = store;
    this.writer = writer;
    this.props = props;
  }

  @Override
  public void run(ApplicationArguments args) {
    Path dir = props.importDir();
    if (dir == null) {
      log.info("recsys.feature.import-dir not set: serving the database as it is");
      return;
    }
    importTable(FeatureTables.USER, dir.resolve("features/users.csv"));
    importTable(FeatureTables.ITEM, dir.resolve("features/items.csv"));
    if (store.countRecentItems() == 0) {
      Path interactions = dir.resolve("interactions.csv");
      if (Files.exists(interactions)) {
        long start = System.nanoTime();
        List<Object[]> rows = latestPositives(interactions, props.recentItems());
        // The dataset counts epoch seconds, events epoch milliseconds: store milliseconds, so
        // imported history and live clicks order correctly against each other.
        for (Object[] row : rows) {
          row[2] = (long) row[2] * 1000L;
        }
        writer.importRecentItems(rows);
        log.info("imported {} recent items from {} in {} ms", rows.size(), interactions,
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  private void importTable(TableSchema schema, Path file) {
    if (store.count(schema) > 0) {
      log.info("{}: table already has rows, skipping import of {}", schema.entity(), file);
      return;
    }
    if (!Files.exists(file)) {
      throw new IllegalStateException("recsys.feature.import-dir: " + file + " does not exist;"
          + " run the offline pipeline first (./recsys data) or unset the import dir");
    }
    long start = System.nanoTime();
    // Through the writer: the gRPC server already serves, and its caches must not keep "absent".
    int n = writer.writeRows(schema, CsvTables.read(file, schema));
    log.info("{}: imported {} rows from {} in {} ms", schema.entity(), n, file, (System.nanoTime() - start) / 1_000_000);
  }

  /** Columns of the dataset's interactions file (see offline/README.md). */
  static final List<String> INTERACTION_COLUMNS = List.of("user_id", "item_id", "timestamp", "rating", "label");

  /** Per user, the {@code keep} newest interactions with label 1, read in one streaming pass. */
  static List<Object[]> latestPositives(Path file, int keep) {
    Map<String, PriorityQueue<Object[]>> byUser = new HashMap<>();
    CsvRows.read(file, INTERACTION_COLUMNS, (lineNo, f) -> {
      if (!"1".equals(f[4])) {
        return;
      }
      long ts = CsvRows.parseLong(file, lineNo, "timestamp", f[2]);
      PriorityQueue<Object[]> heap = byUser.computeIfAbsent(f[0],
          k -> new PriorityQueue<>((a, b) -> Long.compare((long) a[2], (long) b[2])));
      heap.add(new Object[] {f[0], f[1], ts});
      if (heap.size() > keep) {
        heap.poll();
      }
    });
    // One row per (user, item): keep the newest timestamp of repeated interactions.
    List<Object[]> rows = new ArrayList<>();
    for (PriorityQueue<Object[]> heap : byUser.values()) {
      Map<String, Object[]> newest = new HashMap<>();
      for (Object[] r : heap) {
        newest.merge((String) r[1], r, (a, b) -> (long) a[2] >= (long) b[2] ? a : b);
      }
      rows.addAll(newest.values());
    }
    return rows;
  }
}
