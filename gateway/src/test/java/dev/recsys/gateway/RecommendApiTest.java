package dev.recsys.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.RankRequest;
import dev.recsys.api.v1.RankResponse;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The recommend API over real HTTP and real gRPC, with small deterministic backends standing in
 * for recall and rank (the real ones run in e2e-tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecommendApiTest {

  /** Recall: items i1..i{quota} in order. */
  static final GrpcServer RECALL = FakeBackends.recall(0);

  /** Rank: reverses the candidates; fails for user "rank-fails". */
  static final GrpcServer RANK = GrpcServer.start("test-rank", "127.0.0.1", 0, List.of(
      new RankServiceGrpc.RankServiceImplBase() {
        @Override
        public void rank(RankRequest request, StreamObserver<RankResponse> out) {
          if (request.getUserId().equals("rank-fails")) {
            out.onError(Status.UNAVAILABLE.withDescription("down for the test").asRuntimeException());
            return;
          }
          RankResponse.Builder b = RankResponse.newBuilder().setModelVersion("lightgbm:1");
          List<String> ids = request.getCandidateItemIdsList();
          for (int i = ids.size() - 1; i >= 0; i--) {
            b.addItems(ScoredItem.newBuilder().setItemId(ids.get(i)).setScore(i).setSource("lightgbm"));
          }
          out.onNext(b.build());
          out.onCompleted();
        }
      }));

  static java.nio.file.Path newStateDir() {
    try {
      return java.nio.file.Files.createTempDirectory("gateway-state");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) {
    registry.add("recsys.gateway.recall-service", () -> "127.0.0.1:" + RECALL.port());
    registry.add("recsys.gateway.rank-service", () -> "127.0.0.1:" + RANK.port());
    registry.add("recsys.gateway.feature-service", () -> "127.0.0.1:" + FEATURES.port());
    // Private state: the store and exposures default under the working directory.
    java.nio.file.Path state = newStateDir();
    registry.add("recsys.gateway.experiments-store", () -> state.resolve("store").toString());
    registry.add("recsys.gateway.exposure-dir", () -> state.resolve("exposures").toString());
  }

  static final GrpcServer FEATURES = FakeBackends.features(0);

  @AfterAll
  static void stop() {
    RECALL.close();
    RANK.close();
    FEATURES.close();
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  HttpResponse<String> post(String scene, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/recommend/" + scene))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void returnsTheRequestedNumberOfDistinctItemsWithArmsAndRequestId() throws Exception {
    HttpResponse<String> r = post("home", "{\"userId\":\"u42\",\"count\":7,\"context\":{\"page\":\"home\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    Set<String> ids = new HashSet<>();
    body.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
    assertThat(body.get("items")).hasSize(7);
    assertThat(ids).hasSize(7);
    assertThat(body.get("arms").get("match").asText()).isEqualTo("popular");
    assertThat(body.get("arms").get("rank").asText()).isIn("lightgbm", "recall-order");
    assertThat(body.get("configVersion").asText()).isEqualTo("bundled-2");
    assertThat(body.get("requestId").asText()).isNotBlank();
    assertThat(r.headers().firstValue("x-request-id")).hasValue(body.get("requestId").asText());
    assertThat(body.get("degraded").asBoolean()).isFalse();
  }

  @Test
  void aRankFailureKeepsRecallOrderAndSaysDegraded() throws Exception {
    // Find the arm: only the lightgbm arm calls rank; the user id fixes the bucket.
    HttpResponse<String> r = post("home", "{\"userId\":\"rank-fails\",\"count\":3}");
    JsonNode body = json.readTree(r.body());
    assertThat(r.statusCode()).isEqualTo(200);
    if (body.get("arms").get("rank").asText().equals("lightgbm")) {
      assertThat(body.get("degraded").asBoolean()).isTrue();
      assertThat(body.get("degradedStages").get(0).asText()).isEqualTo("rank");
    }
    assertThat(body.get("items")).extracting(i -> i.get("itemId").asText()).containsExactly("i1", "i2", "i3");
  }

  @Test
  void unknownSceneIs404NamingTheKnownScenes() throws Exception {
    HttpResponse<String> r = post("checkout", "{\"userId\":\"u1\"}");
    assertProblem(r, 404, "scene 'checkout' does not exist");
    assertThat(json.readTree(r.body()).get("knownScenes").get(0).asText()).isEqualTo("home");
  }

  @Test
  void badBodiesAre400NamingTheField() throws Exception {
    assertField(post("home", "{\"userId\": \"u1\", \"count\": "), "body");
    assertField(post("home", "not json"), "body");
    assertField(post("home", "{\"count\": 5}"), "userId");
    assertField(post("home", "{\"userId\": \"  \"}"), "userId");
    assertField(post("home", "{\"userId\": \"" + "u".repeat(129) + "\"}"), "userId");
    assertField(post("home", "{\"userId\": \"u1\", \"count\": 0}"), "count");
    assertField(post("home", "{\"userId\": \"u1\", \"count\": 501}"), "count");
    assertField(post("home", "{\"userId\": \"u1\", \"count\": \"ten\"}"), "count");
    assertField(post("home", ""), "body");
  }

  @Test
  void oversizedBodyIsRejected() throws Exception {
    String big = "{\"userId\": \"u1\", \"context\": {\"pad\": \"" + "x".repeat(100_000) + "\"}}";
    HttpResponse<String> r = post("home", big);
    assertThat(r.statusCode()).isIn(400, 413);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
  }

  @Test
  void servesOpenApiAndPrometheus() throws Exception {
    HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi.yaml")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.body()).contains("/api/v1/recommend/{scene}");
    post("home", "{\"userId\":\"u7\",\"count\":2}");
    HttpResponse<String> prom = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(prom.body()).contains("recsys_gateway_arm_total").contains("recsys_gateway_experiment_seconds");
  }

  private void assertField(HttpResponse<String> r, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(json.readTree(r.body()).get("field").asText()).as(r.body()).isEqualTo(field);
  }

  private void assertProblem(HttpResponse<String> r, int status, String detail) throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(json.readTree(r.body()).get("detail").asText()).contains(detail);
  }
}
