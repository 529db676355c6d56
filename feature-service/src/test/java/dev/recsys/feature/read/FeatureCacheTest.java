package dev.recsys.feature.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.feature.contract.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FeatureCacheTest {

  final ManualTicker ticker = new ManualTicker();
  final AtomicInteger loads = new AtomicInteger();
  final Map<String, String> database = new HashMap<>(Map.of("a", "a1", "b", "b1"));

  Map<String, String> load(List<String> keys) {
    loads.incrementAndGet();
    Map<String, String> out = new HashMap<>();
    keys.forEach(k -> out.put(k, database.getOrDefault(k, "absent")));
    return out;
  }

  FeatureCache<String> cache(Duration ttl) {
    return FeatureCache.create("test", ttl, 100, ticker, new SimpleMeterRegistry());
  }

  @Test
  void servesFromTheCacheUntilTheTtlPasses() {
    FeatureCache<String> cache = cache(Duration.ofSeconds(10));
    assertThat(cache.getAll(List.of("a", "b"), this::load)).containsEntry("a", "a1").containsEntry("b", "b1");
    database.put("a", "a2");
    ticker.advance(Duration.ofSeconds(9));
    assertThat(cache.getAll(List.of("a"), this::load)).containsEntry("a", "a1");
    ticker.advance(Duration.ofSeconds(2));
    assertThat(cache.getAll(List.of("a"), this::load)).containsEntry("a", "a2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void loadsOnlyTheKeysItLacks() {
    FeatureCache<String> cache = cache(Duration.ofSeconds(10));
    cache.getAll(List.of("a"), this::load);
    List<List<String>> asked = new java.util.ArrayList<>();
    cache.getAll(List.of("a", "b", "c"), keys -> {
      asked.add(keys);
      return load(keys);
    });
    assertThat(asked).containsExactly(List.of("b", "c"));
  }

  @Test
  void aZeroTtlDisablesTheCache() {
    FeatureCache<String> cache = cache(Duration.ZERO);
    assertThat(cache.enabled()).isFalse();
    cache.getAll(List.of("a"), this::load);
    cache.getAll(List.of("a"), this::load);
    assertThat(loads).hasValue(2);
  }

  @Test
  void aLoadThatRacesAnInvalidationIsNotCached() {
    FeatureCache<String> cache = cache(Duration.ofSeconds(10));
    // The load reads the old value, then a writer commits and invalidates before the load
    // returns: caching what the load read would hide the write until the TTL.
    Map<String, String> stale = cache.getAll(List.of("a"), keys -> {
      Map<String, String> read = load(keys);
      database.put("a", "a2");
      cache.invalidateAll(List.of("a"));
      return read;
    });
    assertThat(stale).containsEntry("a", "a1");
    assertThat(cache.getAll(List.of("a"), this::load)).containsEntry("a", "a2");
  }
}
