package dev.recsys.feature.write;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.feature.config.FeatureProperties;
import dev.recsys.feature.read.FeatureReader;
import dev.recsys.feature.store.FeatureStore;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.TableSchema.ColumnSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write path: bulk upserts from the offline jobs and impression/click events from apps.
 * Validates input (errors name the field), applies each call in one transaction, and then
 * invalidates exactly the cached keys the call touched, so the next read sees the write.
 *
 * <p>Thread-safe.
 */
@Service
public class FeatureWriter {

  private static final Logger log = LoggerFactory.getLogger(FeatureWriter.class);

  /** Longest entity key (user or item id) the tables hold. */
  public static final int MAX_KEY_LENGTH = 128;

  /** Attempts per call when concurrent writers collide (see {@link #inTransaction}). */
  private static final int ATTEMPTS = 3;

  /** How a caller spells event fields in error messages: gRPC uses proto names, REST JSON names. */
  public enum Naming {
    PROTO("user_id", "item_id", "timestamp_ms"),
    JSON("userId", "itemId", "timestampMs");

    final String userId;
    final String itemId;
    final String timestampMs;

    Naming(String userId, String itemId, String timestampMs) {
      this.userId = userId;
      this.itemId = itemId;
      this.timestampMs = timestampMs;
    }
  }

  private final FeatureStore store;
  private final FeatureReader reader;
  private final FeatureProperties props;
  private final TransactionTemplate tx;
  private final Counter clicks;
  private final Counter impressions;

  public FeatureWriter(FeatureStore store, FeatureReader reader, FeatureProperties props,
      PlatformTransactionManager transactions, MeterRegistry meters) {
    this.store = store;
    this.reader = reader;
    this.props = props;
    this.tx = new TransactionTemplate(transactions);
    this.clicks = Counter.builder("recsys.feature.events").tag("type", Event.CLICK).register(meters);
    this.impressions = Counter.builder("recsys.feature.events").tag("type", Event.IMPRESSION).register(meters);
  }

  /**
   * Decodes, validates and upserts an Arrow batch of {@code entity} rows.
   *
   * @return rows written
   * @throws IllegalArgumentException (often {@link InvalidInputException}) naming what is wrong
   */
  public int upsertFeatures(String entity, byte[] arrowBatch) {
    TableSchema schema = FeatureTables.byEntity(entity);
    ColumnBatch batch = ArrowCodec.decode(arrowBatch, "arrow_batch");
    validate(schema, batch);
    return writeRows(schema, batch);
  }

  private void validate(TableSchema schema, ColumnBatch batch) {
    if (batch.rowCount() > props.maxUpsertRows()) {
      throw new InvalidInputException("arrow_batch", "has " + batch.rowCount() + " rows; at most "
          + props.maxUpsertRows() + " per call (recsys.feature.max-upsert-rows)");
    }
    List<String> unknown = new ArrayList<>();
    for (Column c : batch.columns()) {
      if (schema.column(c.name()).isEmpty()) {
        unknown.add(c.name());
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException("arrow_batch", "has unknown column(s) " + unknown + " for entity '"
          + schema.entity() + "'; known columns: " + schema.columnNames());
    }
    if (batch.find(schema.key()).isEmpty()) {
      throw new InvalidInputException("arrow_batch", "lacks the key column '" + schema.key() + "' of entity '"
          + schema.entity() + "'; it has " + batch.columns().stream().map(Column::name).toList());
    }
    for (Column c : batch.columns()) {
      ColumnSpec spec = schema.column(c.name()).orElseThrow();
      if (c.type() != spec.type()) {
        throw new InvalidInputException("arrow_batch", "column '" + c.name() + "' has type " + c.type()
            + "; entity '" + schema.entity() + "' expects " + spec.type());
      }
    }
    String[] keys = (String[]) batch.column(schema.key()).values();
    for (int r = 0; r < keys.length; r++) {
      if (keys[r] == null || keys[r].isEmpty() || keys[r].length() > MAX_KEY_LENGTH) {
        throw new InvalidInputException("arrow_batch", "row " + r + ": key '" + schema.key() + "' must be 1 to "
            + MAX_KEY_LENGTH + " characters, is " + (keys[r] == null ? "null" : keys[r].length() + " long"));
      }
    }
  }

  /**
   * Upserts rows already checked against the schema (the start-up import uses this directly:
   * its CSV files are typed by the schema and may exceed the per-call limit).
   */
  public int writeRows(TableSchema schema, ColumnBatch batch) {
    if (batch.rowCount() == 0) {
      return 0;
    }
    Set<String> keys = new LinkedHashSet<>(List.of((String[]) batch.column(schema.key()).values()));
    try {
      return inTransaction(() -> store.upsert(schema, batch));
    } finally {
      // Also after a failure: invalidating an unchanged key costs one reload, a stale entry more.
      reader.invalidate(schema, keys);
    }
  }

  /**
   * Validates and applies events: a click puts the item first in the user's recent items
   * (trimmed to {@code recsys.feature.recent-items}) and adds 1 to the user's and the item's
   * {@code clicks}; an impression adds 1 to their {@code impressions}. A click does not count as
   * an impression too: apps report the impression of what they showed separately.
   *
   * @return events accepted (all of them; an invalid one rejects the whole call, nothing applied)
   * @throws InvalidInputException naming the first bad event and field
   */
  public int ingest(List<Event> events, Naming naming) {
    validate(events, naming);
    if (events.isEmpty()) {
      return 0;
    }
    // Sorted keys: concurrent calls then lock counter rows in the same order (no deadlock cycle).
    TreeMap<String, long[]> users = new TreeMap<>();
    TreeMap<String, long[]> items = new TreeMap<>();
    TreeMap<String, Map<String, Long>> clicked = new TreeMap<>();
    int clickCount = 0;
    for (Event e : events) {
      int slot = e.isClick() ? 0 : 1;
      users.computeIfAbsent(e.userId(), k -> new long[2])[slot]++;
      items.computeIfAbsent(e.itemId(), k -> new long[2])[slot]++;
      if (e.isClick()) {
        clickCount++;
        clicked.computeIfAbsent(e.userId(), k -> new TreeMap<>()).merge(e.itemId(), e.timestampMs(), Math::max);
      }
    }
    List<Object[]> recent = new ArrayList<>();
    clicked.forEach((user, byItem) -> byItem.forEach((item, ts) -> recent.add(new Object[] {user, item, ts})));
    List<String> clickers = new ArrayList<>(clicked.keySet());
    try {
      inTransaction(() -> {
        addCounters(FeatureTables.USER, users);
        addCounters(FeatureTables.ITEM, items);
        if (!recent.isEmpty()) {
          store.addRecentItems(recent);
          store.trimRecentItems(clickers, props.recentItems());
        }
        return null;
      });
    } finally {
      reader.invalidate(FeatureTables.USER, users.keySet());
      reader.invalidate(FeatureTables.ITEM, items.keySet());
      reader.invalidateRecentItems(clickers);
    }
    clicks.increment(clickCount);
    impressions.increment(events.size() - clickCount);
    return events.size();
  }

  private void addCounters(TableSchema schema, TreeMap<String, long[]> deltas) {
    List<String> keys = new ArrayList<>(deltas.keySet());
    long[] c = new long[keys.size()];
    long[] i = new long[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      long[] d = deltas.get(keys.get(k));
      c[k] = d[0];
      i[k] = d[1];
    }
    store.addCounters(schema, keys, c, i);
  }

  private void validate(List<Event> events, Naming naming) {
    if (events.size() > props.maxEvents()) {
      throw new InvalidInputException("events", "has " + events.size() + " events; at most "
          + props.maxEvents() + " per call (recsys.feature.max-events)");
    }
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      String at = "events[" + i + "]";
      if (e == null) {
        throw new InvalidInputException(at, "is null; expected an event object");
      }
      checkId(at + "." + naming.userId, e.userId());
      checkId(at + "." + naming.itemId, e.itemId());
      if (!Event.CLICK.equals(e.type()) && !Event.IMPRESSION.equals(e.type())) {
        throw new InvalidInputException(at + ".type", "must be '" + Event.IMPRESSION + "' or '" + Event.CLICK
            + "', got " + (e.type() == null ? "nothing" : "'" + e.type() + "'"));
      }
      if (e.timestampMs() <= 0) {
        throw new InvalidInputException(at + "." + naming.timestampMs,
            "must be a positive epoch time in milliseconds, got " + e.timestampMs());
      }
    }
  }

  private static void checkId(String field, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_KEY_LENGTH) {
      throw new InvalidInputException(field, "must be 1 to " + MAX_KEY_LENGTH + " characters, is "
          + (value == null || value.isEmpty() ? "empty" : value.length() + " long"));
    }
  }

  /**
   * Seeds recent items at start-up (user, item, epoch ms) and forgets those users' cached lists.
   */
  public void importRecentItems(List<Object[]> userItemTs) {
    Set<String> users = new LinkedHashSet<>();
    for (Object[] row : userItemTs) {
      users.add((String) row[0]);
    }
    try {
      inTransaction(() -> {
        store.addRecentItems(userItemTs);
        return null;
      });
    } finally {
      reader.invalidateRecentItems(users);
    }
  }

  /**
   * Runs {@code work} in a transaction, retrying when it collides with a concurrent writer: two
   * MERGEs inserting the same new key (one fails with a unique violation; on retry the row
   * exists) or a deadlock/serialization failure the database resolved by aborting us.
   */
  private <T> T inTransaction(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(status -> work.get());
      } catch (DuplicateKeyException | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.debug("write collided with a concurrent writer (attempt {} of {}): {}", attempt, ATTEMPTS, e.getMessage());
      }
    }
  }
}
