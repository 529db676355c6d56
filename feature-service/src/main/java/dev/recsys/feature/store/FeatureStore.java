package dev.recsys.feature.store;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.feature.generated.FeatureAccess;
import dev.recsys.feature.generated.FeatureCatalog;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.TableSchema.ColumnSpec;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads and writes feature rows by entity. Column names come only from {@link FeatureTables},
 * never from the caller, so they are safe to put into SQL.
 *
 * <p>Reads go through the repositories and Arrow readers that codegen-plugin generates from
 * {@code src/main/features/*.yaml}. Writes are SQL {@code MERGE}s that run unchanged on H2 and
 * PostgreSQL: they update only the columns given and add to counters in the database, which the
 * generated full-row JPA {@code upsert} (a select and a replace per row) cannot do in one
 * statement. The backend contract tests prove both paths on both databases. This class neither
 * caches nor validates: {@code FeatureReader} and {@code FeatureWriter} do. Methods that write
 * expect the caller's transaction.
 */
@Repository
public class FeatureStore {

  private final JdbcTemplate jdbc;
  private final Map<String, FeatureAccess> accessByEntity = new TreeMap<>();

  public FeatureStore(JdbcTemplate jdbc, List<FeatureAccess> generated) {
    this.jdbc = jdbc;
    for (FeatureAccess a : generated) {
      accessByEntity.put(a.entity(), a);
    }
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
   * Looks up rows in request order (duplicates collapse to the first occurrence) through the
   * repository and Arrow reader that codegen-plugin generated for the entity: one batch query.
   *
   * @param columns requested columns (validated by the caller); the key column comes first
   */
  public Lookup get(TableSchema schema, List<String> keys, List<String> columns) {
    FeatureAccess access = access(schema.entity());
    List<String> select = new ArrayList<>(columns.size() + 1);
    select.add(schema.key());
    for (String c : columns) {
      if (!c.equals(schema.key())) {
        select.add(c);
      }
    }
    List<String> missing = new ArrayList<>();
    try (BufferAllocator allocator = ArrowCodec.newAllocator("feature-read");
        VectorSchemaRoot root = access.read(keys, select, allocator, missing)) {
      return new Lookup(ArrowCodec.toColumnBatch(root, schema.entity() + " rows"), missing);
    }
  }

  /**
   * Any catalog entity, every column type included (lists, maps, vectors, timestamps), straight
   * from the generated Arrow reader to IPC bytes; uncached. The key columns always come first.
   *
   * @param columns requested columns, empty for all; validated by the generated reader
   * @throws IllegalArgumentException for an unknown column or a key that does not parse
   */
  public byte[] readArrow(String entity, List<String> keys, List<String> columns, List<String> missingKeys) {
    FeatureAccess access = access(entity);
    List<String> select = new ArrayList<>();
    if (!columns.isEmpty()) {
      List<String> key = FeatureCatalog.entity(entity).orElseThrow().key();
      select.addAll(key);
      columns.stream().filter(c -> !key.contains(c)).forEach(select::add);
    }
    try (BufferAllocator allocator = ArrowCodec.newAllocator("feature-read");
        VectorSchemaRoot root = access.read(new ArrayList<>(new java.util.LinkedHashSet<>(keys)), select, allocator, missingKeys)) {
      return ArrowCodec.encode(root);
    }
  }

  private FeatureAccess access(String entity) {
    FeatureAccess access = accessByEntity.get(entity);
    if (access == null) {
      throw new IllegalArgumentException("no generated access for entity '" + entity + "'; generated: "
          + accessByEntity.keySet());
    }
    return access;
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
