package dev.recsys.feature.store;

import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.TableSchema.ColumnSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads and writes feature rows by entity. Column names come only from {@link FeatureTables},
 * never from the caller, so they are safe to put into SQL.
 *
 * <p>Skeleton: hand-written SQL that runs unchanged on H2 and PostgreSQL (the backend contract
 * tests prove it on both); issue 3 swaps it for repositories generated from schema files. It
 * neither caches nor validates: {@code FeatureReader} and {@code FeatureWriter} do, so they
 * stay when this class is replaced. Methods that write expect the caller's transaction.
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

  /*
   * Upserts use standard SQL MERGE ... USING (VALUES ...), one statement per row in a JDBC
   * batch. Why MERGE: it is the one upsert both backends speak. H2 2.x has MERGE USING (its
   * MERGE ... KEY is H2-only) but implements only ON CONFLICT DO NOTHING, not DO UPDATE, even in
   * MODE=PostgreSQL; PostgreSQL has MERGE since 15 (the tests run 17). The price: unlike
   * ON CONFLICT, MERGE is not atomic against a concurrent insert of the same new key, which
   * fails with a unique violation; callers retry the transaction (FeatureWriter), and the retry
   * takes the WHEN MATCHED branch. The VALUES row casts every parameter because PostgreSQL
   * types an untyped parameter in VALUES as text, which then does not fit a numeric column.
   */

  /**
   * Inserts or updates every row of the batch. The batch holds the key column and any subset of
   * the schema's columns, typed as the schema says (validated by the caller). Existing rows get
   * the batch's columns (nulls included) and keep the others; new rows get NULL in the others.
   * A key repeated in the batch is applied in batch order, so the last row wins.
   */
  public int upsert(TableSchema schema, ColumnBatch batch) {
    List<ColumnSpec> specs = new ArrayList<>();
    for (Column c : batch.columns()) {
      specs.add(schema.column(c.name()).orElseThrow());
    }
    List<String> names = specs.stream().map(s -> sqlName(s.name())).toList();
    String key = sqlName(schema.key());
    StringBuilder sql = new StringBuilder("MERGE INTO ").append(table(schema)).append(" t USING (VALUES (")
        .append(String.join(", ", specs.stream().map(s -> "CAST(? AS " + sqlType(s.type()) + ")").toList()))
        .append(")) AS s (").append(String.join(", ", names)).append(") ON t.").append(key).append(" = s.").append(key);
    List<String> updates = names.stream().filter(n -> !n.equals(key)).map(n -> n + " = s." + n).toList();
    if (!updates.isEmpty()) {
      sql.append(" WHEN MATCHED THEN UPDATE SET ").append(String.join(", ", updates));
    }
    sql.append(" WHEN NOT MATCHED THEN INSERT (").append(String.join(", ", names)).append(") VALUES (")
        .append(String.join(", ", names.stream().map(n -> "s." + n).toList())).append(")");
    List<Column> columns = batch.columns();
    jdbc.batchUpdate(sql.toString(), new BatchPreparedStatementSetter() {
      @Override
      public void setValues(PreparedStatement ps, int row) throws SQLException {
        for (int c = 0; c < columns.size(); c++) {
          bind(ps, c + 1, columns.get(c), row);
        }
      }

      @Override
      public int getBatchSize() {
        return batch.rowCount();
      }
    });
    return batch.rowCount();
  }

  private static String sqlType(ColumnType type) {
    return switch (type) {
      case STRING -> "VARCHAR";
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "DOUBLE PRECISION";
      case BOOL -> "BOOLEAN";
      default -> throw new IllegalStateException("feature columns cannot be " + type);
    };
  }

  /** Binds one typed value with the typed setter, so no driver has to guess from an Object. */
  private static void bind(PreparedStatement ps, int index, Column column, int row) throws SQLException {
    if (column.isNull(row)) {
      ps.setNull(index, switch (column.type()) {
        case STRING -> Types.VARCHAR;
        case INT32 -> Types.INTEGER;
        case INT64 -> Types.BIGINT;
        case FLOAT32 -> Types.REAL;
        case FLOAT64 -> Types.DOUBLE;
        case BOOL -> Types.BOOLEAN;
        default -> throw new IllegalStateException("feature columns cannot be " + column.type());
      });
      return;
    }
    switch (column.type()) {
      case STRING -> ps.setString(index, ((String[]) column.values())[row]);
      case INT32 -> ps.setInt(index, ((int[]) column.values())[row]);
      case INT64 -> ps.setLong(index, ((long[]) column.values())[row]);
      case FLOAT32 -> ps.setFloat(index, ((float[]) column.values())[row]);
      case FLOAT64 -> ps.setDouble(index, ((double[]) column.values())[row]);
      case BOOL -> ps.setBoolean(index, ((boolean[]) column.values())[row]);
      default -> throw new IllegalStateException("feature columns cannot be " + column.type());
    }
  }

  /**
   * Adds to the {@code clicks} and {@code impressions} counters of each key, creating a row with
   * just the counters for an unknown key. A zero delta leaves its counter as it is (a NULL stays
   * NULL); a non-zero delta on a NULL counter counts from 0.
   *
   * @param keys distinct keys; pass them sorted so concurrent writers lock rows in one order
   */
  public void addCounters(TableSchema schema, List<String> keys, long[] clicks, long[] impressions) {
    String key = sqlName(schema.key());
    String sql = "MERGE INTO " + table(schema) + " t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS BIGINT),"
        + " CAST(? AS BIGINT))) AS s (" + key + ", clicks, impressions) ON t." + key + " = s." + key
        + " WHEN MATCHED THEN UPDATE SET"
        + " clicks = CASE WHEN s.clicks = 0 THEN t.clicks ELSE COALESCE(t.clicks, 0) + s.clicks END,"
        + " impressions = CASE WHEN s.impressions = 0 THEN t.impressions ELSE COALESCE(t.impressions, 0) + s.impressions END"
        + " WHEN NOT MATCHED THEN INSERT (" + key + ", clicks, impressions) VALUES (s." + key + ", s.clicks, s.impressions)";
    jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
      @Override
      public void setValues(PreparedStatement ps, int i) throws SQLException {
        ps.setString(1, keys.get(i));
        ps.setLong(2, clicks[i]);
        ps.setLong(3, impressions[i]);
      }

      @Override
      public int getBatchSize() {
        return keys.size();
      }
    });
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

  /**
   * Records positive interactions (user, item, epoch ms); an item the user already has keeps the
   * newer of the two times, so a late, out-of-order event never moves an item back.
   */
  public void addRecentItems(List<Object[]> userItemTs) {
    jdbc.batchUpdate("MERGE INTO user_recent_items t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
        + " CAST(? AS BIGINT))) AS s (user_id, item_id, ts) ON t.user_id = s.user_id AND t.item_id = s.item_id"
        + " WHEN MATCHED THEN UPDATE SET ts = GREATEST(t.ts, s.ts)"
        + " WHEN NOT MATCHED THEN INSERT (user_id, item_id, ts) VALUES (s.user_id, s.item_id, s.ts)",
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            Object[] row = userItemTs.get(i);
            ps.setString(1, (String) row[0]);
            ps.setString(2, (String) row[1]);
            ps.setLong(3, ((Number) row[2]).longValue());
          }

          @Override
          public int getBatchSize() {
            return userItemTs.size();
          }
        });
  }

  /** Deletes all but the {@code keep} newest recent items of each user (same order as reads). */
  public void trimRecentItems(List<String> userIds, int keep) {
    jdbc.batchUpdate("DELETE FROM user_recent_items WHERE user_id = ? AND item_id NOT IN"
        + " (SELECT item_id FROM user_recent_items WHERE user_id = ? ORDER BY ts DESC, item_id LIMIT ?)",
        userIds.stream().map(u -> new Object[] {u, u, keep}).toList());
  }

  public long countRecentItems() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM user_recent_items", Long.class);
    return n == null ? 0 : n;
  }

  public static List<TableSchema> schemas() {
    return FeatureTables.ALL;
  }
}
