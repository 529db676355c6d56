package dev.recsys.bench;

import dev.recsys.bench.generated.BenchItemFeatures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/** Deterministic synthetic rows for {@code bench_items} and random key sets over them. */
final class BenchItems {

  private static final String INSERT = "INSERT INTO bench_items (item_id, category, brand, seller_id, price, "
      + "\"year\", rating, rating_count, ctr_1d, ctr_7d, ctr_30d, clicks_1d, clicks_7d, clicks_30d, "
      + "impressions_1d, impressions_7d, impressions_30d, popularity, is_new, in_stock) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private BenchItems() {
  }

  static String key(int i) {
    return "item-" + String.format("%07d", i);
  }

  /**
   * Rows shaped like real item features: skewed counters with 1d <= 7d <= 30d, clicks <=
   * impressions, smoothed CTRs, and nulls where real data has them (no brand, no rating yet,
   * unknown year), so both read paths exercise their null handling.
   */
  static List<BenchItemFeatures> generate(int count, long seed) {
    Random rnd = new Random(seed);
    List<BenchItemFeatures> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BenchItemFeatures row = new BenchItemFeatures();
      row.setItemId(key(i));
      row.setCategory("cat-" + rnd.nextInt(300));
      row.setBrand(rnd.nextInt(10) == 0 ? null : "brand-" + rnd.nextInt(2000));
      row.setSellerId("seller-" + rnd.nextInt(5000));
      row.setPrice(Math.round(Math.exp(rnd.nextGaussian() + 3.5) * 100) / 100.0);
      row.setYear(rnd.nextInt(20) == 0 ? null : 1990 + rnd.nextInt(36));
      int ratings = rnd.nextInt(4) == 0 ? 0 : (int) Math.exp(rnd.nextDouble() * 8);
      row.setRatingCount(ratings);
      row.setRating(ratings == 0 ? null : 1f + rnd.nextFloat() * 4f);
      long imp30 = (long) Math.exp(rnd.nextDouble() * 13);
      long imp7 = (long) (imp30 * rnd.nextDouble());
      long imp1 = (long) (imp7 * rnd.nextDouble());
      long clk30 = (long) (imp30 * rnd.nextDouble() * 0.1);
      long clk7 = Math.min(imp7, (long) (clk30 * rnd.nextDouble()));
      long clk1 = Math.min(imp1, (long) (clk7 * rnd.nextDouble()));
      row.setImpressions30d(imp30);
      row.setImpressions7d(imp7);
      row.setImpressions1d(imp1);
      row.setClicks30d(clk30);
      row.setClicks7d(clk7);
      row.setClicks1d(clk1);
      row.setCtr30d((clk30 + 1f) / (imp30 + 20f));
      row.setCtr7d((clk7 + 1f) / (imp7 + 20f));
      row.setCtr1d(imp1 == 0 ? null : (clk1 + 1f) / (imp1 + 20f));
      row.setPopularity(Math.log1p(imp30) * rnd.nextDouble());
      row.setIsNew(rnd.nextInt(20) == 0 ? null : rnd.nextInt(5) == 0);
      row.setInStock(rnd.nextInt(10) != 0);
      rows.add(row);
    }
    return rows;
  }

  /** Batch-inserts {@code rows} (1,000 per batch; the URL sets reWriteBatchedInserts) and ANALYZEs. */
  static void load(DataSource dataSource, List<BenchItemFeatures> rows) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        int pending = 0;
        for (BenchItemFeatures r : rows) {
          ps.setString(1, r.getItemId());
          ps.setString(2, r.getCategory());
          ps.setObject(3, r.getBrand(), Types.VARCHAR);
          ps.setObject(4, r.getSellerId(), Types.VARCHAR);
          ps.setObject(5, r.getPrice(), Types.DOUBLE);
          ps.setObject(6, r.getYear(), Types.INTEGER);
          ps.setObject(7, r.getRating(), Types.REAL);
          ps.setObject(8, r.getRatingCount(), Types.INTEGER);
          ps.setObject(9, r.getCtr1d(), Types.REAL);
          ps.setObject(10, r.getCtr7d(), Types.REAL);
          ps.setObject(11, r.getCtr30d(), Types.REAL);
          ps.setObject(12, r.getClicks1d(), Types.BIGINT);
          ps.setObject(13, r.getClicks7d(), Types.BIGINT);
          ps.setObject(14, r.getClicks30d(), Types.BIGINT);
          ps.setObject(15, r.getImpressions1d(), Types.BIGINT);
          ps.setObject(16, r.getImpressions7d(), Types.BIGINT);
          ps.setObject(17, r.getImpressions30d(), Types.BIGINT);
          ps.setObject(18, r.getPopularity(), Types.DOUBLE);
          ps.setObject(19, r.getIsNew(), Types.BOOLEAN);
          ps.setBoolean(20, r.getInStock());
          ps.addBatch();
          if (++pending == 1000) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        // Fresh statistics so the planner sees 50,000 rows, as a long-lived table would.
        st.execute("ANALYZE bench_items");
      }
    }
  }

  /** {@code sets} lists of {@code size} distinct keys out of {@code 0 .. count-1}, random order. */
  static List<List<String>> keySets(int sets, int size, int count, long seed) {
    Random rnd = new Random(seed);
    List<List<String>> out = new ArrayList<>(sets);
    for (int s = 0; s < sets; s++) {
      LinkedHashSet<String> keys = new LinkedHashSet<>();
      while (keys.size() < size) {
        keys.add(key(rnd.nextInt(count)));
      }
      out.add(List.copyOf(keys));
    }
    return out;
  }
}
