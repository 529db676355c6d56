package dev.recsys.bench;

import dev.recsys.bench.generated.BenchItemFeaturesArrow;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The baseline: what one would write by hand for the same read. One query with the keys as a
 * single array parameter, rows streamed from the ResultSet straight into Arrow vectors of the
 * generated schema ({@link BenchItemFeaturesArrow#schema()}), no entity objects in between.
 *
 * <p>{@code item_id = ANY(?)} returns rows in index order, and variable-width Arrow vectors
 * must be written in row order, so the query joins the key array {@code unnest(?) WITH
 * ORDINALITY} and sorts by the ordinal: rows come back in request order and a missing key simply
 * has no row. Keys must be distinct (the benchmark's are; the generated path also de-duplicates).
 */
final class JdbcBenchItemReader {

  private static final String SELECT = "SELECT b.item_id, b.category, b.brand, b.seller_id, b.price, b.\"year\", "
      + "b.rating, b.rating_count, b.ctr_1d, b.ctr_7d, b.ctr_30d, b.clicks_1d, b.clicks_7d, "
      + "b.clicks_30d, b.impressions_1d, b.impressions_7d, b.impressions_30d, b.popularity, "
      + "b.is_new, b.in_stock ";

  static final String SQL = SELECT
      + "FROM unnest(?::varchar[]) WITH ORDINALITY AS k(item_id, ord) "
      + "JOIN bench_items b ON b.item_id = k.item_id ORDER BY k.ord";

  private final DataSource dataSource;

  JdbcBenchItemReader(DataSource dataSource) {
    this.dataSource = dataSource;
    List<String> selected = new ArrayList<>();
    for (Field f : BenchItemFeaturesArrow.schema().getFields()) {
      selected.add(f.getName());
    }
    // The ResultSet is read by position below; fail at once if the schema order ever changes.
    if (!selected.equals(BenchItemFeaturesArrow.COLUMNS) || selected.size() != 20) {
      throw new IllegalStateException("JDBC reader written for 20 columns in schema order, schema has " + selected);
    }
  }

  /** Rows of {@code keys} (distinct) in request order, all 20 columns; the caller closes it. */
  VectorSchemaRoot read(List<String> keys, BufferAllocator allocator) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(SQL)) {
      Array array = c.createArrayOf("varchar", keys.toArray());
      ps.setArray(1, array);
      VectorSchemaRoot root = fill(ps, keys.size(), allocator);
      array.free();
      return root;
    }
  }

  /**
   * Diagnostic only: the query shape Hibernate sends for {@code findAllByItemIdIn}, {@code item_id
   * IN (?, ?, ...)} with one bind parameter per key, into the same vectors but in the order the
   * database returns the rows (not request order). Separates "query shape" from "JPA" in the
   * generated path's time.
   */
  VectorSchemaRoot readInList(List<String> keys, BufferAllocator allocator) throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT).append("FROM bench_items b WHERE b.item_id IN (");
    for (int i = 0; i < keys.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(')');
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < keys.size(); i++) {
        ps.setString(i + 1, keys.get(i));
      }
      return fill(ps, keys.size(), allocator);
    }
  }

  private static VectorSchemaRoot fill(PreparedStatement ps, int expectedRows, BufferAllocator allocator) throws SQLException {
    VectorSchemaRoot root = VectorSchemaRoot.create(BenchItemFeaturesArrow.schema(), allocator);
    try {
      for (FieldVector v : root.getFieldVectors()) {
        v.setInitialCapacity(expectedRows);
        v.allocateNew();
      }
      List<FieldVector> v = root.getFieldVectors();
      VarCharVector itemId = (VarCharVector) v.get(0);
      VarCharVector category = (VarCharVector) v.get(1);
      VarCharVector brand = (VarCharVector) v.get(2);
      VarCharVector sellerId = (VarCharVector) v.get(3);
      Float8Vector price = (Float8Vector) v.get(4);
      IntVector year = (IntVector) v.get(5);
      Float4Vector rating = (Float4Vector) v.get(6);
      IntVector ratingCount = (IntVector) v.get(7);
      Float4Vector ctr1d = (Float4Vector) v.get(8);
      Float4Vector ctr7d = (Float4Vector) v.get(9);
      Float4Vector ctr30d = (Float4Vector) v.get(10);
      BigIntVector clicks1d = (BigIntVector) v.get(11);
      BigIntVector clicks7d = (BigIntVector) v.get(12);
      BigIntVector clicks30d = (BigIntVector) v.get(13);
      BigIntVector impressions1d = (BigIntVector) v.get(14);
      BigIntVector impressions7d = (BigIntVector) v.get(15);
      BigIntVector impressions30d = (BigIntVector) v.get(16);
      Float8Vector popularity = (Float8Vector) v.get(17);
      BitVector isNew = (BitVector) v.get(18);
      BitVector inStock = (BitVector) v.get(19);
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          string(itemId, n, rs, 1);
          string(category, n, rs, 2);
          string(brand, n, rs, 3);
          string(sellerId, n, rs, 4);
          float8(price, n, rs, 5);
          int4(year, n, rs, 6);
          float4(rating, n, rs, 7);
          int4(ratingCount, n, rs, 8);
          float4(ctr1d, n, rs, 9);
          float4(ctr7d, n, rs, 10);
          float4(ctr30d, n, rs, 11);
          int8(clicks1d, n, rs, 12);
          int8(clicks7d, n, rs, 13);
          int8(clicks30d, n, rs, 14);
          int8(impressions1d, n, rs, 15);
          int8(impressions7d, n, rs, 16);
          int8(impressions30d, n, rs, 17);
          float8(popularity, n, rs, 18);
          bit(isNew, n, rs, 19);
          bit(inStock, n, rs, 20);
          n++;
        }
      }
      root.setRowCount(n);
      return root;
    } catch (SQLException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static void string(VarCharVector v, int i, ResultSet rs, int col) throws SQLException {
    String s = rs.getString(col);
    if (s == null) {
      v.setNull(i);
    } else {
      v.setSafe(i, s.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void int4(IntVector v, int i, ResultSet rs, int col) throws SQLException {
    int x = rs.getInt(col);
    if (rs.wasNull()) {
      v.setNull(i);
    } else {
      v.setSafe(i, x);
    }
  }

  private static void int8(BigIntVector v, int i, ResultSet rs, int col) throws SQLException {
    long x = rs.getLong(col);
    if (rs.wasNull()) {
      v.setNull(i);
    } else {
      v.setSafe(i, x);
    }
  }

  private static void float4(Float4Vector v, int i, ResultSet rs, int col) throws SQLException {
    float x = rs.getFloat(col);
    if (rs.wasNull()) {
      v.setNull(i);
    } else {
      v.setSafe(i, x);
    }
  }

  private static void float8(Float8Vector v, int i, ResultSet rs, int col) throws SQLException {
    double x = rs.getDouble(col);
    if (rs.wasNull()) {
      v.setNull(i);
    } else {
      v.setSafe(i, x);
    }
  }

  private static void bit(BitVector v, int i, ResultSet rs, int col) throws SQLException {
    boolean x = rs.getBoolean(col);
    if (rs.wasNull()) {
      v.setNull(i);
    } else {
      v.setSafe(i, x ? 1 : 0);
    }
  }
}
