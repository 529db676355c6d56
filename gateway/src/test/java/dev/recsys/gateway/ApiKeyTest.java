package dev.recsys.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.grpc.GrpcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API keys and rate limits on the public API, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyTest {

  static final GrpcServer RECALL = FakeBackends.recall(0);
  static final GrpcServer RANK = FakeBackends.rank(0);
  static final GrpcServer FEATURES = FakeBackends.features(0);

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws Exception {
    Path state = Files.createTempDirectory("gateway-keys");
    registry.add("recsys.gateway.recall-service", () -> "127.0.0.1:" + RECALL.port());
    registry.add("recsys.gateway.rank-service", () -> "127.0.0.1:" + RANK.port());
    registry.add("recsys.gateway.feature-service", () -> "127.0.0.1:" + FEATURES.port());
    registry.add("recsys.gateway.experiments-store", () -> state.resolve("store").toString());
    registry.add("recsys.gateway.exposure-dir", () -> state.resolve("exposures").toString());
    registry.add("recsys.gateway.api-keys[0].name", () -> "mobile-app");
    String mobile = sha256("mobile-secret");
    String web = sha256("web-secret");
    registry.add("recsys.gateway.api-keys[0].sha256", () -> mobile);
    // A tiny rate so the test sees the limit: 3 at once, then 1 every 10 s.
    registry.add("recsys.gateway.api-keys[0].rate-per-second", () -> "0.1");
    registry.add("recsys.gateway.api-keys[0].burst", () -> "3");
    registry.add("recsys.gateway.api-keys[1].name", () -> "web");
    registry.add("recsys.gateway.api-keys[1].sha256", () -> web);
  }

  @AfterAll
  static void stop() {
    RECALL.close();
    RANK.close();
    FEATURES.close();
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> recommend(String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/recommend/home"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u1\",\"count\":3}"));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void keysAreRequiredCheckedAndRateLimitedPerClient() throws Exception {
    HttpResponse<String> none = recommend(null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(none.body()).contains("X-Api-Key");
    assertThat(recommend("guess").statusCode()).isEqualTo(401);

    for (int i = 0; i < 3; i++) {
      assertThat(recommend("mobile-secret").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = recommend("mobile-secret");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValueSatisfying(v ->
        assertThat(Integer.parseInt(v)).isBetween(1, 10));
    assertThat(limited.body()).contains("client 'mobile-app' is over its rate limit");
    // Another client has its own bucket; health and metrics need no key.
    assertThat(recommend("web-secret").statusCode()).isEqualTo(200);
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }
}
