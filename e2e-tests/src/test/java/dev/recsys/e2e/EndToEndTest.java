package dev.recsys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.offline.OfflinePipeline;
import dev.recsys.offline.data.Size;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.RankFeatureEncoder;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole request path with real parts: demo data and a LightGBM model from the offline jobs,
 * every service as its own process, gRPC with Arrow payloads between them, HTTP at the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

  Suite suite;
  Set<String> knownItems;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void startSuite() throws Exception {
    Path home = Files.createTempDirectory("recsys-e2e");
    Path data = home.resolve("data");
    OfflinePipeline.demo(data, Size.SMALL, 42);
    knownItems = Files.readAllLines(data.resolve("items.csv")).stream().skip(1)
        .map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toSet());
    suite = new Suite(home, data);
    suite.startAll();
    suite.awaitHealthy(Duration.ofSeconds(180));
    awaitWarm(Duration.ofSeconds(60));
  }

  /**
   * Healthy is not yet warm: the first calls through fresh JVMs may miss their deadlines and come
   * back degraded (by design, never a 5xx). Wait until the model arm answers normally.
   */
  void awaitWarm(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      for (int user = 1; user <= 10; user++) {
        HttpResponse<String> r = recommend("home", "{\"userId\":\"" + user + "\",\"count\":10}");
        last = r.body();
        if (r.statusCode() == 200) {
          JsonNode body = json.readTree(r.body());
          if (body.get("arms").get("rank").asText().equals("lightgbm") && !body.get("degraded").asBoolean()) {
            return;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the suite did not answer normally within " + timeout + "; last answer: " + last
        + "\ngateway log tail:\n" + Suite.tail(suite.log("gateway"), 20));
  }

  @AfterAll
  void stopSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
  }

  HttpResponse<String> recommend(String scene, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + suite.httpPorts.get("gateway")
            + "/api/v1/recommend/" + scene))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void recommendReturnsTheRequestedNumberOfDistinctKnownItems() throws Exception {
    Set<String> rankArms = new HashSet<>();
    Set<String> sources = new HashSet<>();
    for (int user = 1; user <= 30; user++) {
      HttpResponse<String> r = recommend("home", "{\"userId\":\"" + user + "\",\"count\":12}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode body = json.readTree(r.body());
      List<String> ids = body.get("items").findValuesAsText("itemId");
      assertThat(ids).hasSize(12).doesNotHaveDuplicates();
      assertThat(knownItems).containsAll(ids);
      assertThat(body.get("degraded").asBoolean()).as(r.body()).isFalse();
      assertThat(body.get("requestId").asText()).isNotBlank();
      assertThat(body.get("arms").get("match").asText()).isEqualTo("popular");
      rankArms.add(body.get("arms").get("rank").asText());
      body.get("items").forEach(i -> sources.add(i.get("source").asText()));
    }
    // 30 users over a 90/10 split: the model arm is all but certain to be hit.
    assertThat(rankArms).contains("lightgbm");
    assertThat(sources).contains("lightgbm");
  }

  @Test
  void modelScoresComeSortedAndDifferFromRecallOrder() throws Exception {
    for (int user = 1; user <= 30; user++) {
      JsonNode body = json.readTree(recommend("home", "{\"userId\":\"" + user + "\",\"count\":50}").body());
      if (!body.get("arms").get("rank").asText().equals("lightgbm")) {
        continue;
      }
      double[] scores = body.get("items").findValues("score").stream().mapToDouble(JsonNode::asDouble).toArray();
      double[] sorted = scores.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < scores.length; i++) {
        assertThat(scores[i]).isEqualTo(sorted[scores.length - 1 - i]);
        assertThat(scores[i]).isBetween(0.0, 1.0);
      }
      assertThat(sorted[0]).isLessThan(sorted[sorted.length - 1]);
      return;
    }
    throw new AssertionError("no user among 30 landed in the lightgbm arm");
  }

  @Test
  void errorsAreProblemJson() throws Exception {
    HttpResponse<String> unknown = recommend("nowhere", "{\"userId\":\"1\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("known scenes: [home]");
    HttpResponse<String> bad = recommend("home", "{\"userId\":\"1\",\"count\":501}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("field").asText()).isEqualTo("count");
  }

  @Test
  void gatewayRoutesToTheFeatureServiceRestView() throws Exception {
    String item = knownItems.iterator().next();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + suite.httpPorts.get("gateway") + "/api/v1/features/item/" + item)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"item_id\":\"" + item + "\"");
  }

  @Test
  void onlineFeatureRowsEncodeExactlyLikeTheOfflineRows() throws Exception {
    // Offline: the materialized CSVs the trainer read. Online: the same rows served over gRPC as Arrow.
    ColumnBatch offlineUsers = CsvTables.read(suite.data.resolve("features/users.csv"), FeatureTables.USER);
    ColumnBatch offlineItems = CsvTables.read(suite.data.resolve("features/items.csv"), FeatureTables.ITEM);
    int width = RankFeatureEncoder.input().width();
    ManagedChannel channel = GrpcChannels.forTarget("127.0.0.1:" + suite.featureGrpc);
    try {
      FeatureServiceGrpc.FeatureServiceBlockingStub stub = FeatureServiceGrpc.newBlockingStub(channel);
      for (int u = 0; u < 5; u++) {
        String user = ((String[]) offlineUsers.column("user_id").values())[u];
        String item = ((String[]) offlineItems.column("item_id").values())[u * 7];
        ColumnBatch onlineUser = ArrowCodec.decode(stub.getFeatures(GetFeaturesRequest.newBuilder()
            .setEntity("user").addKeys(user).build()).getArrowBatch().toByteArray(), "user");
        ColumnBatch onlineItem = ArrowCodec.decode(stub.getFeatures(GetFeaturesRequest.newBuilder()
            .setEntity("item").addKeys(item).build()).getArrowBatch().toByteArray(), "item");
        float[] offline = new float[width];
        float[] online = new float[width];
        RankFeatureEncoder.bind(offlineUsers, offlineItems).encode(u, u * 7, offline, 0);
        RankFeatureEncoder.bind(onlineUser, onlineItem).encode(0, 0, online, 0);
        assertThat(online).as("user %s item %s", user, item).containsExactly(offline);
      }
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aClickPostedToTheGatewayLeavesTheNextRecommendationWithinASecond() throws Exception {
    String user = "17";
    JsonNode before = json.readTree(recommend("home", "{\"userId\":\"" + user + "\",\"count\":5}").body());
    String clicked = before.get("items").get(0).get("itemId").asText();
    long start = System.nanoTime();
    HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + suite.httpPorts.get("gateway") + "/api/v1/events"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[{\"userId\":\"" + user + "\",\"itemId\":\"" + clicked
            + "\",\"type\":\"click\",\"timestampMs\":" + System.currentTimeMillis() + "}]")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isBetween(200, 299);
    List<String> after = List.of();
    while (System.nanoTime() - start < 1_000_000_000L) {
      after = json.readTree(recommend("home", "{\"userId\":\"" + user + "\",\"count\":5}").body())
          .get("items").findValuesAsText("itemId");
      if (!after.contains(clicked)) {
        break;
      }
    }
    assertThat(after).as("recommendations within 1 s of clicking %s", clicked).doesNotContain(clicked).hasSize(5);
  }

  @Test
  void everyServiceExposesPrometheusMetrics() throws Exception {
    for (String s : Suite.SERVICES) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + suite.httpPorts.get(s)
          + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(s).isEqualTo(200);
      assertThat(r.body()).as(s).contains("jvm_memory_used_bytes");
    }
  }
}
