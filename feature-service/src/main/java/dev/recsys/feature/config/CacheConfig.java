package dev.recsys.feature.config;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CacheConfig {

  /** The caches' clock: a bean so that tests advance time to prove TTL expiry instead of sleeping. */
  @Bean
  Ticker featureCacheTicker() {
    return Ticker.systemTicker();
  }
}
