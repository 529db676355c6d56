package dev.recsys.feature.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Feature service settings ({@code recsys.feature.*}).
 *
 * @param importDir a dataset directory written by the offline jobs; when set, its
 *     {@code features/users.csv}, {@code features/items.csv} and {@code interactions.csv} are
 *     loaded into empty tables at start-up. Unset: serve whatever the database holds.
 * @param recentItems how many recent positive items to keep per user
 * @param maxKeys most keys one GetFeatures call may ask for
 * @param maxUpsertRows most rows one UpsertFeatures call may carry
 * @param maxEvents most events one IngestEvents call (or {@code POST /api/v1/events}) may carry
 * @param grpcHost address the gRPC server binds
 * @param grpcPort gRPC port; 0 picks a free one
 * @param cache the read cache in front of the database
 */
@ConfigurationProperties("recsys.feature")
public record FeatureProperties(
    Path importDir,
    @DefaultValue("50") int recentItems,
    @DefaultValue("1000") int maxKeys,
    @DefaultValue("10000") int maxUpsertRows,
    @DefaultValue("1000") int maxEvents,
    @DefaultValue("127.0.0.1") String grpcHost,
    @DefaultValue("9093") int grpcPort,
    @DefaultValue Cache cache) {

  public FeatureProperties {
    if (cache == null) {
      cache = new Cache(null, null, 100_000);
    }
  }

  /**
   * The read cache ({@code recsys.feature.cache.*}). One cache per entity ({@code user},
   * {@code item}) plus one for {@code recent-items}; every write through this service
   * invalidates the keys it touched, so the TTL only bounds how long a write made elsewhere
   * (another replica, a direct database load) stays invisible.
   *
   * @param defaultTtl TTL of a cache without its own entry in {@code ttl}; 0 disables it
   * @param ttl per cache TTL, e.g. {@code recsys.feature.cache.ttl.item=5m}; 0 disables that cache
   * @param maxEntries most keys each cache holds (least recently/frequently used go first)
   */
  public record Cache(Duration defaultTtl, Map<String, Duration> ttl, @DefaultValue("100000") long maxEntries) {

    public Cache {
      defaultTtl = defaultTtl == null ? Duration.ofSeconds(60) : defaultTtl;
      ttl = ttl == null ? Map.of() : Map.copyOf(ttl);
    }

    public Duration ttlFor(String name) {
      return ttl.getOrDefault(name, defaultTtl);
    }
  }
}
