package dev.recsys.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The experiment admin API, the forced-arm header and exposure records over real HTTP, with small
 * deterministic backends; and traffic ratios changed under load.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExperimentAdminTest {

  static final String TOKEN = "gateway-admin-token";
  static final dev.recsys.api.grpc.GrpcServer RECALL = FakeBackends.recall(0);
  static final dev.recsys.api.grpc.GrpcServer RANK = FakeBackends.rank(0);
  static final dev.recsys.api.grpc.GrpcServer FEATURES = FakeBackends.features(0);
  static Path home;

  @org.junit.jupiter.api.AfterAll
  static void stopBackends() {
    RECALL.close();
    RANK.close();
    FEATURES.close();
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws Exception {
    home = Files.createTempDirectory("gateway-admin");
    registry.add("recsys.gateway.recall-service", () -> "127.0.0.1:" + RECALL.port());
    registry.add("recsys.gateway.rank-service", () -> "127.0.0.1:" + RANK.port());
    registry.add("recsys.gateway.admin-token", () -> TOKEN);
    registry.add("recsys.gateway.feature-service", () -> "127.0.0.1:" + FEATURES.port());
    registry.add("recsys.gateway.experiments-store", () -> home.resolve("store").toString());
    registry.add("recsys.gateway.exposure-dir", () -> home.resolve("exposures").toString());
    registry.add("recsys.gateway.reload-interval-ms", () -> "100");
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  /** Config n: version "load-n"; the rank layer all on lightgbm for odd n, all on recall-order for even n. */
  static String config(int n) {
    return """
        version: "load-%d"
        scenes:
          home:
            layers:
              - name: match
                arms:
                  - { name: popular, experiment: match.popular, weight: 100, params: { quota: 50 } }
              - name: rank
                arms:
                  - { name: lightgbm, experiment: rank.model, weight: %d }
                  - { name: recall-order, experiment: rank.recall-order, weight: %d }
        """.formatted(n, n % 2 == 1 ? 100 : 0, n % 2 == 1 ? 0 : 100);
  }

  HttpResponse<String> admin(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin/experiments" + path))
        .header("Content-Type", "application/yaml").header("X-Recsys-Actor", "ops-test")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> recommend(String user, String force, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/recommend/home"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\",\"count\":5}"));
    if (force != null) {
      b.header("X-Recsys-Force-Arms", force);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAdminApiValidatesAppliesKeepsHistoryAndRollsBack() throws Exception {
    assertThat(admin("GET", "", null, null).statusCode()).isEqualTo(401);
    assertThat(admin("GET", "", "guess", null).statusCode()).isEqualTo(401);
    JsonNode live = json.readTree(admin("GET", "", TOKEN, null).body());
    String start = live.get("version").asText();

    String broken = config(1).replace("weight: 100", "weight: -1").replace("rank.recall-order", "rank.nope");
    HttpResponse<String> refused = admin("PUT", "", TOKEN, broken);
    assertThat(refused.statusCode()).isEqualTo(422);
    JsonNode problems = json.readTree(refused.body()).get("problems");
    assertThat(problems.size()).isGreaterThanOrEqualTo(2);
    assertThat(refused.body()).contains("rank.nope").contains("negative weight -1");
    assertThat(json.readTree(admin("GET", "", TOKEN, null).body()).get("version").asText()).isEqualTo(start);

    assertThat(admin("PUT", "", TOKEN, config(1)).statusCode()).isEqualTo(200);
    JsonNode answer = json.readTree(recommend("u1", null, null).body());
    assertThat(answer.get("configVersion").asText()).isEqualTo("load-1");
    assertThat(answer.get("arms").get("rank").asText()).isEqualTo("lightgbm");
    assertThat(admin("PUT", "", TOKEN, config(1)).statusCode()).isEqualTo(409);

    HttpResponse<String> back = admin("POST", "/rollback", TOKEN, null);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(json.readTree(recommend("u1", null, null).body()).get("configVersion").asText()).isEqualTo(start);
    assertThat(admin("POST", "/rollback?to=nope", TOKEN, null).body()).contains("not in the history");
    JsonNode history = json.readTree(admin("GET", "/history", TOKEN, null).body());
    assertThat(history).extracting(h -> h.get("version").asText() + ":" + h.get("source").asText())
        .endsWith("load-1:admin", start + ":rollback");
    assertThat(history.get(history.size() - 1).get("actor").asText()).isEqualTo("ops-test");
  }

  @Test
  void forcedArmsNeedTheAdminTokenAndNameWhatIsValid() throws Exception {
    assertThat(recommend("u2", "rank=recall-order", null).statusCode()).isEqualTo(401);
    HttpResponse<String> forced = recommend("u2", "rank=recall-order", TOKEN);
    assertThat(forced.statusCode()).isEqualTo(200);
    assertThat(json.readTree(forced.body()).get("arms").get("rank").asText()).isEqualTo("recall-order");
    HttpResponse<String> unknown = recommend("u2", "rank=nope", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown arm 'nope'").contains("lightgbm");
    assertThat(recommend("u2", "rank", TOKEN).body()).contains("layer=arm pairs");
  }

  @Test
  void ratiosChangedUnderLoadFailNothingAndNoAnswerMixesVersions() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong answers = new AtomicLong();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        int i = 0;
        while (running.get()) {
          try {
            HttpResponse<String> r = recommend("load-" + thread + "-" + (i++), null, null);
            if (r.statusCode() != 200) {
              problems.add(r.statusCode() + " " + r.body());
              continue;
            }
            JsonNode body = json.readTree(r.body());
            String version = body.get("configVersion").asText();
            if (version.startsWith("load-")) {
              int n = Integer.parseInt(version.substring(5));
              String expected = n % 2 == 1 ? "lightgbm" : "recall-order";
              if (!body.get("arms").get("rank").asText().equals(expected)) {
                problems.add("config " + version + " answered with rank arm " + body.get("arms").get("rank"));
              }
            }
            answers.incrementAndGet();
          } catch (Exception e) {
            problems.add(e.toString());
          }
        }
      });
      th.start();
      threads.add(th);
    }
    for (int n = 101; n <= 140; n++) {
      HttpResponse<String> put = admin("PUT", "", TOKEN, config(n));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      Thread.sleep(50);
    }
    running.set(false);
    for (Thread th : threads) {
      th.join();
    }
    assertThat(problems).isEmpty();
    assertThat(answers.get()).isGreaterThan(200);
    // Exposure records: one JSON line per answer, with the arms and version it was served under.
    Thread.sleep(500);
    try (var files = Files.list(home.resolve("exposures"))) {
      List<String> lines = new ArrayList<>();
      for (Path f : files.toList()) {
        lines.addAll(Files.readAllLines(f));
      }
      assertThat(lines.size()).isGreaterThanOrEqualTo((int) answers.get());
      assertThat(lines).anyMatch(l -> l.contains("\"configVersion\":\"load-140\"") && l.contains("\"rank\":\"recall-order\""));
    }
  }

  @Test
  void theRerankLayerFiltersAndDiversifiesByCategory() throws Exception {
    // Recall gives i1..i50, rank reverses them (i50 first); the fake catalogue puts iN in c{N % 3}.
    String yaml = config(7).replace("version: \"load-7\"", "version: \"rerank-1\"") + """
              - name: rerank
                arms:
                  - { name: mmr, experiment: rerank.mmr, weight: 100,
                      params: { lambda: 0.3, excludeCategories: "c0", minYear: 2000 } }
        """;
    HttpResponse<String> put = admin("PUT", "", TOKEN, yaml);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode answer = json.readTree(recommend("mmr-user", null, null).body());
    assertThat(answer.get("configVersion").asText()).isEqualTo("rerank-1");
    assertThat(answer.get("degraded").asBoolean()).isFalse();
    List<Integer> shown = new ArrayList<>();
    answer.get("items").forEach(i -> shown.add(Integer.parseInt(i.get("itemId").asText().substring(1))));
    assertThat(shown).hasSize(5).allMatch(n -> n % 3 != 0, "no c0 item").allMatch(n -> n >= 10, "year >= 2000");
    // Diversity: consecutive items alternate between the two remaining categories (c1, c2).
    for (int i = 1; i < shown.size(); i++) {
      assertThat(shown.get(i) % 3).as("items %s", shown).isNotEqualTo(shown.get(i - 1) % 3);
    }
  }

  @Test
  void aSceneBucketingOnAContextFieldNeedsItAndAnOverLongActorIsRefused() throws Exception {
    String yaml = config(9).replace("version: \"load-9\"", "version: \"by-device-1\"")
        .replace("  home:\n", "  home:\n    unit: context.deviceId\n");
    HttpResponse<String> put = admin("PUT", "", TOKEN, yaml);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    HttpResponse<String> missing = recommend("u9", null, null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("context.deviceId").contains("requestId");
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/recommend/home")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u9\",\"count\":5,\"context\":{\"deviceId\":\"d-1\"}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

    HttpResponse<String> longActor = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/admin/experiments/rollback")).header("Authorization", "Bearer " + TOKEN)
        .header("X-Recsys-Actor", "x".repeat(200)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(longActor.statusCode()).isEqualTo(400);
    assertThat(longActor.body()).contains("X-Recsys-Actor is 200 characters; at most 128");
    assertThat(admin("POST", "/rollback", TOKEN, null).statusCode()).isEqualTo(200); // back to a userId scene
  }
}
