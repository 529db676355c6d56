package dev.recsys.feature.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A Caffeine cache of values loaded in bulk by key, which a write can invalidate without racing
 * a concurrent load.
 *
 * <p>The race it closes: a reader loads a key's old value from the database, a writer commits
 * and invalidates the key, then the reader puts the old value into the cache, where it would
 * stay until the TTL. Caffeine's per-key {@code get(key, loader)} blocks invalidation while it
 * loads, but bulk loads do not. So every key maps to a stripe whose version a writer bumps
 * (after its commit, before it invalidates); a reader notes the versions before it loads and
 * only caches the keys whose stripe did not move. Bumping and putting exclude each other through
 * a read-write lock; a bumped stripe only costs a skipped put for the keys sharing it.
 *
 * <p>Thread-safe. A cache built with a zero TTL is disabled: {@link #getAll} always loads.
 *
 * @param <V> cached value; a loader must return a value (possibly a sentinel for "absent") for
 *     every key it is given, so absence is cached and invalidated like any value
 */
public final class FeatureCache<V> {

  private static final int STRIPES = 1024;

  private final String name;
  private final Duration ttl;
  private final Cache<String, V> cache;
  private final AtomicLongArray versions = new AtomicLongArray(STRIPES);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private FeatureCache(String name, Duration ttl, Cache<String, V> cache) {
    this.name = name;
    this.ttl = ttl;
    this.cache = cache;
  }

  /**
   * Builds a cache and publishes its statistics to Micrometer as {@code cache_*{cache="feature.<name>"}}.
   *
   * @param ttl time after a load at which an entry expires; zero disables the cache
   */
  public static <V> FeatureCache<V> create(String name, Duration ttl, long maxEntries, Ticker ticker, MeterRegistry meters) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("recsys.feature.cache.ttl." + name + " must be >= 0 (0 disables the cache), got " + ttl);
    }
    if (ttl.isZero()) {
      return new FeatureCache<>(name, ttl, null);
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("recsys.feature.cache.max-entries must be >= 1, got " + maxEntries);
    }
    Cache<String, V> cache = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumSize(maxEntries)
        .ticker(ticker)
        .recordStats()
        .build();
    CaffeineCacheMetrics.monitor(meters, cache, "feature." + name);
    return new FeatureCache<>(name, ttl, cache);
  }

  public String name() {
    return name;
  }

  /** Time after a load at which an entry expires; zero when the cache is disabled. */
  public Duration ttl() {
    return ttl;
  }

  public boolean enabled() {
    return cache != null;
  }

  /**
   * The values of {@code keys}: cached ones from the cache, the rest from one call to
   * {@code loader}, which are then cached unless a write touched them meanwhile.
   *
   * @param keys distinct keys
   * @param loader loads the keys it is given (never empty) and returns a value for each
   */
  public Map<String, V> getAll(List<String> keys, Function<List<String>, Map<String, V>> loader) {
    if (cache == null) {
      return loader.apply(keys);
    }
    Map<String, V> present = cache.getAllPresent(keys);
    if (present.size() == keys.size()) {
      return present;
    }
    List<String> missing = new ArrayList<>(keys.size() - present.size());
    for (String key : keys) {
      if (!present.containsKey(key)) {
        missing.add(key);
      }
    }
    long[] seen = new long[missing.size()];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = versions.get(stripe(missing.get(i)));
    }
    Map<String, V> loaded = loader.apply(missing);
    lock.readLock().lock();
    try {
      for (int i = 0; i < seen.length; i++) {
        String key = missing.get(i);
        V value = loaded.get(key);
        if (value == null) {
          throw new IllegalStateException("cache " + name + ": loader returned no value for key '" + key + "'");
        }
        if (versions.get(stripe(key)) == seen[i]) {
          cache.put(key, value);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    Map<String, V> all = new HashMap<>(present);
    all.putAll(loaded);
    return all;
  }

  /** Forgets {@code keys}; call after the write that changed them has committed. */
  public void invalidateAll(Collection<String> keys) {
    if (cache == null || keys.isEmpty()) {
      return;
    }
    lock.writeLock().lock();
    try {
      for (String key : keys) {
        versions.incrementAndGet(stripe(key));
      }
      cache.invalidateAll(keys);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
