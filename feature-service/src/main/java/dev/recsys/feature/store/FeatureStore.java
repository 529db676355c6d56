package dev.recsys.feature.store;

import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.TableSchema.ColumnSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads and writes feature rows by entity. Column names come only from {@link FeatureTables},
 * never from the caller, so they are safe to put into SQL.
 *
 * <p>Skeleton: hand-written SQL; issue 3 swaps it for repositories generated from schema files.
 */
@Repository
public class FeatureStore {

  private final JdbcTemplate jdbc;

  public FeatureStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Rows found for {@code keys}, plus the keys that have no row. */
  public record Lookup(ColumnBatch batch, List<String> missingKeys) {}

  public static String table(TableSchema schema) {
    return schema.entity() + "_features";
  }

  static String sqlName(String column) {
    // "year" is reserved in H2 and PostgreSQL.
    return column.equals("year") ? "\"year\"" : column;
  }

  /**
   * Looks up rows in request order (duplicates collapse to the first occurrence).
   *
   * @param columns requested columns (validated by the caller); the key column comes first
   */
  public Lookup get(TableSchema schema, List<String> keys, List<String> columns) {
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    List<ColumnSpec> specs = new ArrayList<>();
    specs.add(schema.columns().get(0));
    for (String c : columns) {
      if (!c.equals(schema.key())) {
        specs.add(schema.column(c).orElseThrow());
      }
    }
    Map<String, String[]> byKey = new HashMap<>();
    if (!unique.isEmpty()) {
      String select = String.join(", ", specs.stream().map(s -> sqlName(s.name())).toList());
      String placeholders = String.join(",", Collections.nCopies(unique.size(), "?"));
      jdbc.query("SELECT " + select + " FROM " + table(schema) + " WHERE " + schema.key()
          + " IN (" + placeholders + ")", rs -> {
            String[] row = new String[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
              String v = rs.getString(i + 1);
              row[i] = v == null ? "" : v;
            }
            byKey.put(row[0], row);
          }, unique.toArray());
    }
    List<String[]> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String key : unique) {
      String[] row = byKey.get(key);
      if (row == null) {
        missing.add(key);
      } else {
        rows.add(row);
      }
    }
    return new Lookup(CsvTables.toBatch(new TableSchema(schema.entity(), specs), rows), missing);
  }

  /** Inserts or replaces every row of the batch (its columns must be the schema's). */
  public int upsert(TableSchema schema, ColumnBatch batch) {
    List<String> names = schema.columnNames();
    String sql = "MERGE INTO " + table(schema) + " (" + String.join(", ", names.stream().map(FeatureStore::sqlName).toList())
        + ") KEY (" + schema.key() + ") VALUES (" + String.join(",", Collections.nCopies(names.size(), "?")) + ")";
    List<Object[]> args = new ArrayList<>(batch.rowCount());
    for (int r = 0; r < batch.rowCount(); r++) {
      Object[] row = new Object[names.size()];
      for (int c = 0; c < names.size(); c++) {
        row[c] = batch.column(names.get(c)).get(r);
      }
      args.add(row);
    }
    jdbc.batchUpdate(sql, args);
    return args.size();
  }

  public long count(TableSchema schema) {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table(schema), Long.class);
    return n == null ? 0 : n;
  }

  /** The user's most recent positive items, newest first. */
  public List<String> recentItems(String userId, int limit) {
    return jdbc.queryForList("SELECT item_id FROM user_recent_items WHERE user_id = ? ORDER BY ts DESC, item_id LIMIT ?",
        String.class, userId, limit);
  }

  /** Records positive interactions (user, item, ts) and trims each user's list to {@code keep}. */
  public void addRecentItems(List<Object[]> userItemTs) {
    jdbc.batchUpdate("MERGE INTO user_recent_items (user_id, item_id, ts) KEY (user_id, item_id) VALUES (?, ?, ?)", userItemTs);
  }

  public long countRecentItems() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM user_recent_items", Long.class);
    return n == null ? 0 : n;
  }

  public static List<TableSchema> schemas() {
    return FeatureTables.ALL;
  }
}
