package dev.recsys.feature.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.recsys.feature.config.FeatureProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureReaderConfigTest {

  static FeatureProperties withTtl(Map<String, Duration> ttl) {
    return new FeatureProperties(null, 50, 1000, 10000, 1000, "127.0.0.1", 0,
        new FeatureProperties.Cache(Duration.ofSeconds(60), ttl, 1000));
  }

  @Test
  void aTtlForAnUnknownCacheFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> new FeatureReader(null, withTtl(Map.of("items", Duration.ofSeconds(5))),
        Ticker.systemTicker(), new SimpleMeterRegistry()))
        .hasMessage("recsys.feature.cache.ttl.items: no cache of that name; known caches: [item, recent-items, user]");
  }

  @Test
  void entityTtlsComeFromConfigThenTheSchemaFileThenTheDefault() {
    FeatureReader fromSchema = new FeatureReader(null, withTtl(Map.of()), Ticker.systemTicker(), new SimpleMeterRegistry());
    assertThat(fromSchema.ttlOf("user")).isEqualTo(Duration.ofSeconds(60));   // user.yaml: cache_ttl 60s
    assertThat(fromSchema.ttlOf("item")).isEqualTo(Duration.ofMinutes(5));    // item.yaml: cache_ttl 5m
    assertThat(fromSchema.ttlOf("recent-items")).isEqualTo(Duration.ofSeconds(60)); // no schema: default
    FeatureReader configured = new FeatureReader(null, withTtl(Map.of("item", Duration.ofSeconds(7))),
        Ticker.systemTicker(), new SimpleMeterRegistry());
    assertThat(configured.ttlOf("item")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aNegativeTtlFails() {
    assertThatThrownBy(() -> new FeatureReader(null, withTtl(Map.of("user", Duration.ofSeconds(-1))),
        Ticker.systemTicker(), new SimpleMeterRegistry()))
        .hasMessageContaining("recsys.feature.cache.ttl.user must be >= 0");
  }
}
