package dev.recsys.feature.store;

import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.TableSchema.ColumnSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
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
   * Looks up rows in request order (duplicates collapse to the first occurrence), reading typed
   * values straight into the batch's primitive arrays.
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
    Map<String, Integer> slot = new HashMap<>();
    for (String key : unique) {
      slot.put(key, slot.size());
    }
    int n = unique.size();
    Object[] values = new Object[specs.size()];
    boolean[][] nulls = new boolean[specs.size()][n];
    for (int c = 0; c < specs.size(); c++) {
      values[c] = newArray(specs.get(c).type(), n);
    }
    boolean[] found = new boolean[n];
    if (n > 0) {
      String select = String.join(", ", specs.stream().map(s -> sqlName(s.name())).toList());
      String placeholders = String.join(",", Collections.nCopies(n, "?"));
      jdbc.query("SELECT " + select + " FROM " + table(schema) + " WHERE " + schema.key()
          + " IN (" + placeholders + ")", rs -> {
            int row = slot.get(rs.getString(1));
            found[row] = true;
            for (int c = 0; c < specs.size(); c++) {
              nulls[c][row] = !read(rs, c + 1, specs.get(c).type(), values[c], row);
            }
          }, unique.toArray());
    }
    // Compact to the found rows, keeping request order.
    int[] order = new int[n];
    int m = 0;
    List<String> missing = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (found[r]) {
        order[m++] = r;
      } else {
        missing.add(unique.get(r));
      }
    }
    List<Column> out = new ArrayList<>(specs.size());
    for (int c = 0; c < specs.size(); c++) {
      ColumnSpec spec = specs.get(c);
      Object compact = newArray(spec.type(), m);
      boolean[] compactNulls = new boolean[m];
      boolean anyNull = false;
      for (int i = 0; i < m; i++) {
        System.arraycopy(values[c], order[i], compact, i, 1);
        compactNulls[i] = nulls[c][order[i]];
        anyNull |= compactNulls[i];
      }
      out.add(new Column(spec.name(), spec.type(), 1, compact,
          anyNull && spec.type() != ColumnType.STRING ? compactNulls : null));
    }
    return new Lookup(new ColumnBatch(m, out), missing);
  }

  private static Object newArray(ColumnType type, int n) {
    return switch (type) {
      case STRING -> new String[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case BOOL -> new boolean[n];
      default -> throw new IllegalStateException("feature columns cannot be " + type);
    };
  }

  /** Reads one typed value into {@code array[row]}; false when the value is SQL NULL. */
  private static boolean read(ResultSet rs, int index, ColumnType type, Object array, int row) throws SQLException {
    switch (type) {
      case STRING -> ((String[]) array)[row] = rs.getString(index);
      case INT32 -> ((int[]) array)[row] = rs.getInt(index);
      case INT64 -> ((long[]) array)[row] = rs.getLong(index);
      case FLOAT32 -> ((float[]) array)[row] = rs.getFloat(index);
      case FLOAT64 -> ((double[]) array)[row] = rs.getDouble(index);
      case BOOL -> ((boolean[]) array)[row] = rs.getBoolean(index);
      default -> throw new IllegalStateException("feature columns cannot be " + type);
    }
    return !rs.wasNull();
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
