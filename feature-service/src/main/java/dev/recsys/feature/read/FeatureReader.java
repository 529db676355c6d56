package dev.recsys.feature.read;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.feature.config.FeatureProperties;
import dev.recsys.feature.store.FeatureStore;
import dev.recsys.feature.generated.FeatureCatalog;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import dev.recsys.transform.TableSchema.ColumnSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Feature reads through the per-entity caches. Every read of the service goes through here and
 * every write invalidates here (see {@code FeatureWriter}), so the storage behind
 * {@link FeatureStore} can change without touching the cache rules.
 *
 * <p>Cached per key: the entity's whole row (so any column subset is served from one entry),
 * or {@link #ABSENT} for a key without a row, so lookups of unknown keys do not hit the
 * database either. Recent items are cached per user as the full kept list.
 *
 * <p>Thread-safe.
 */
@Service
public class FeatureReader {

  /** Cache name of the recent-items cache, as used in {@code recsys.feature.cache.ttl.*}. */
  public static final String RECENT_ITEMS = "recent-items";

  private static final Object[] ABSENT = new Object[0];

  private final FeatureStore store;
  private final int recentItemsKept;
  private final Map<String, FeatureCache<Object[]>> rowCaches = new HashMap<>();
  private final FeatureCache<List<String>> recentItemsCache;

  public FeatureReader(FeatureStore store, FeatureProperties props, Ticker ticker, MeterRegistry meters) {
    this.store = store;
    this.recentItemsKept = props.recentItems();
    FeatureProperties.Cache settings = props.cache();
    // A typo in a TTL key would silently fall back to the default: refuse it instead.
    TreeSet<String> known = new TreeSet<>(FeatureTables.ALL.stream().map(TableSchema::entity).toList());
    known.add(RECENT_ITEMS);
    for (String configured : settings.ttl().keySet()) {
      if (!known.contains(configured)) {
        throw new IllegalArgumentException("recsys.feature.cache.ttl." + configured
            + ": no cache of that name; known caches: " + known);
      }
    }
    for (TableSchema schema : FeatureTables.ALL) {
      rowCaches.put(schema.entity(), FeatureCache.create(schema.entity(),
          ttlFor(settings, schema.entity()), settings.maxEntries(), ticker, meters));
    }
    this.recentItemsCache = FeatureCache.create(RECENT_ITEMS, settings.ttlFor(RECENT_ITEMS),
        settings.maxEntries(), ticker, meters);
  }

  /**
   * An entity's TTL: {@code recsys.feature.cache.ttl.<entity>} when set, else the schema file's
   * {@code cache_ttl}, else {@code recsys.feature.cache.default-ttl}.
   */
  static Duration ttlFor(FeatureProperties.Cache settings, String entity) {
    if (settings.ttl().containsKey(entity)) {
      return settings.ttl().get(entity);
    }
    Duration fromSchema = FeatureCatalog.entity(entity).map(FeatureCatalog.EntityDef::cacheTtl).orElse(null);
    return fromSchema != null ? fromSchema : settings.ttlFor(entity);
  }

  /** The TTL in force for a cache ("user", "item", "recent-items"). */
  public Duration ttlOf(String cacheName) {
    FeatureCache<?> cache = cacheName.equals(RECENT_ITEMS) ? recentItemsCache : rowCaches.get(cacheName);
    if (cache == null) {
      throw new IllegalArgumentException("no cache named '" + cacheName + "'");
    }
    return cache.ttl();
  }

  /**
   * Rows of {@code keys} in request order (a repeated key is answered once, at its first
   * position), plus the keys without a row.
   *
   * @param columns requested columns, validated by the caller; the key column always comes first
   */
  public FeatureStore.Lookup get(TableSchema schema, List<String> keys, List<String> columns) {
    FeatureCache<Object[]> cache = rowCaches.get(schema.entity());
    if (!cache.enabled()) {
      return store.get(schema, keys, columns);
    }
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    Map<String, Object[]> rows = cache.getAll(unique, missing -> loadRows(schema, missing));
    List<String> found = new ArrayList<>(unique.size());
    List<String> absent = new ArrayList<>();
    for (String key : unique) {
      (rows.get(key) == ABSENT ? absent : found).add(key);
    }
    List<Column> out = new ArrayList<>();
    out.add(column(schema.columns().get(0), 0, found, rows));
    for (String name : columns) {
      if (!name.equals(schema.key())) {
        out.add(column(schema.column(name).orElseThrow(), schema.columnNames().indexOf(name), found, rows));
      }
    }
    return new FeatureStore.Lookup(new ColumnBatch(found.size(), out), absent);
  }

  /** Every column of each key's row in schema order, or {@link #ABSENT}. */
  private Map<String, Object[]> loadRows(TableSchema schema, List<String> keys) {
    FeatureStore.Lookup lookup = store.get(schema, keys, schema.columnNames());
    ColumnBatch batch = lookup.batch();
    Map<String, Object[]> rows = new HashMap<>(keys.size() * 2);
    int width = schema.columns().size();
    for (int r = 0; r < batch.rowCount(); r++) {
      Object[] row = new Object[width];
      for (int c = 0; c < width; c++) {
        row[c] = batch.columns().get(c).get(r);
      }
      rows.put((String) row[0], row);
    }
    for (String key : lookup.missingKeys()) {
      rows.put(key, ABSENT);
    }
    return rows;
  }

  private static Column column(ColumnSpec spec, int index, List<String> keys, Map<String, Object[]> rows) {
    int n = keys.size();
    boolean[] nulls = new boolean[n];
    boolean anyNull = false;
    Object values = switch (spec.type()) {
      case STRING -> new String[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case BOOL -> new boolean[n];
      default -> throw new IllegalStateException("feature columns cannot be " + spec.type());
    };
    for (int r = 0; r < n; r++) {
      Object v = rows.get(keys.get(r))[index];
      if (v == null) {
        nulls[r] = true;
        anyNull = true;
        continue;
      }
      switch (spec.type()) {
        case STRING -> ((String[]) values)[r] = (String) v;
        case INT32 -> ((int[]) values)[r] = (Integer) v;
        case INT64 -> ((long[]) values)[r] = (Long) v;
        case FLOAT32 -> ((float[]) values)[r] = (Float) v;
        case FLOAT64 -> ((double[]) values)[r] = (Double) v;
        case BOOL -> ((boolean[]) values)[r] = (Boolean) v;
        default -> throw new IllegalStateException("feature columns cannot be " + spec.type());
      }
    }
    return new Column(spec.name(), spec.type(), 1, values,
        anyNull && spec.type() != ColumnType.STRING ? nulls : null);
  }

  /** The user's newest positive items, newest first, at most {@code limit}. */
  public List<String> recentItems(String userId, int limit) {
    if (!recentItemsCache.enabled()) {
      return store.recentItems(userId, limit);
    }
    List<String> all = recentItemsCache.getAll(List.of(userId),
        users -> Map.of(userId, List.copyOf(store.recentItems(userId, recentItemsKept)))).get(userId);
    return all.size() <= limit ? all : all.subList(0, limit);
  }

  /** Forgets cached rows of {@code keys}; call after the write that changed them committed. */
  public void invalidate(TableSchema schema, Collection<String> keys) {
    rowCaches.get(schema.entity()).invalidateAll(keys);
  }

  /** Forgets the cached recent items of {@code userIds}. */
  public void invalidateRecentItems(Collection<String> userIds) {
    recentItemsCache.invalidateAll(userIds);
  }
}
