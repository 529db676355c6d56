package dev.recsys.gateway.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bad API key configuration stops the start, naming the entry and what would be valid. */
class ApiKeyConfigTest {

  static final String SHA = "a".repeat(64);

  static GatewayProperties with(List<GatewayProperties.ApiKey> keys) {
    return new GatewayProperties(null, "x:1", "x:2", 300, 500, 500, 128,
        new GatewayProperties.Resilience(20, 10, 50, 2000, 3, 64), null, 1000, null, null, "x:3", 150, 300, keys);
  }

  @Test
  void badEntriesAreNamed() {
    assertThatThrownBy(() -> new ApiKeyFilter(with(List.of(new GatewayProperties.ApiKey("app", "plain-key", 10, 20))),
        new SimpleMeterRegistry()))
        .hasMessageContaining("recsys.gateway.api-keys[0].sha256 must be the key's SHA-256 as 64 hex digits");
    assertThatThrownBy(() -> new ApiKeyFilter(with(List.of(new GatewayProperties.ApiKey(" ", SHA, 10, 20))),
        new SimpleMeterRegistry()))
        .hasMessageContaining("recsys.gateway.api-keys[0].name is missing");
    assertThatThrownBy(() -> new ApiKeyFilter(with(List.of(new GatewayProperties.ApiKey("a", SHA, 10, 20),
        new GatewayProperties.ApiKey("b", SHA.toUpperCase(), 10, 20))), new SimpleMeterRegistry()))
        .hasMessageContaining("recsys.gateway.api-keys[1] repeats another key's sha256");
    assertThatThrownBy(() -> new ApiKeyFilter(with(List.of(new GatewayProperties.ApiKey("a", SHA, 0, 20))),
        new SimpleMeterRegistry()))
        .hasMessageContaining("rate > 0");
  }
}
