package dev.recsys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import com.microsoft.ml.lightgbm.PredictionType;
import dev.recsys.api.v1.PredictRequest;
import dev.recsys.api.v1.PredictResponse;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.modelclient.RegistryClient;
import dev.recsys.offline.OfflinePipeline;
import dev.recsys.offline.train.LightGbmTrainer;
import dev.recsys.offline.train.TrainOptions;
import io.github.metarank.lightgbm4j.LGBMBooster;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole request path with real parts: demo data and a LightGBM model from the offline jobs,
 * every service as its own process, gRPC with Arrow payloads between them, HTTP at the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
      // Sorted by model score unless the MMR rerank arm traded score for variety.
      if (!body.get("arms").get("rank").asText().equals("lightgbm") || !body.get("arms").get("rerank").asText().equals("none")) {
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
    throw new AssertionError("no user among 30 landed in the lightgbm rank arm and the no-rerank arm");
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

  /**
   * The fault test with real processes: rank-service, then recall-service, is stopped while 3
   * threads keep asking the gateway. No answer is a 5xx; answers during an outage are degraded
   * (rank: recall order; recall: the gateway's cached popular list); after the service is back
   * they are normal again.
   */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void stoppingRankOrRecallDegradesButNeverFails() throws Exception {
    for (String service : List.of("rank-service", "recall-service")) {
      String stage = service.equals("rank-service") ? "rank" : "match";
      java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.Map<String, java.util.concurrent.atomic.AtomicLong> seen = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
      List<Thread> callers = new java.util.ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        Thread th = new Thread(() -> {
          int i = 0;
          while (running.get()) {
            try {
              HttpResponse<String> r = recommend("home", "{\"userId\":\"" + (1 + (thread * 97 + i++) % 500)
                  + "\",\"count\":5}");
              if (r.statusCode() != 200) {
                failures.add(r.statusCode() + " " + r.body());
                continue;
              }
              JsonNode body = json.readTree(r.body());
              if (body.get("items").size() != 5) {
                failures.add("short answer " + r.body());
              }
              seen.computeIfAbsent(body.get("degradedStages").toString(), k -> new java.util.concurrent.atomic.AtomicLong())
                  .incrementAndGet();
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        });
        th.start();
        callers.add(th);
      }
      try {
        Thread.sleep(1000);
        suite.stop(service);
        Thread.sleep(3000);
        java.util.Map<String, Long> during = new java.util.TreeMap<>();
        seen.forEach((k, v) -> during.put(k, v.get()));
        assertThat(during.keySet()).as("answers while %s is down", service).anyMatch(k -> k.contains("\"" + stage + "\""));
        suite.start(service);
        suite.awaitHealthy(List.of(service), Duration.ofSeconds(120));
        seen.clear();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.getOrDefault("[]", new java.util.concurrent.atomic.AtomicLong()).get() < 20) {
          assertThat(System.nanoTime()).as("normal answers after %s is back: %s", service, seen).isLessThan(deadline);
          Thread.sleep(100);
        }
        System.out.println("e2e fault " + service + ": during outage " + during);
      } finally {
        running.set(false);
        for (Thread th : callers) {
          th.join();
        }
      }
      assertThat(failures).as("5xx or failed calls around the %s outage", service).isEmpty();
    }
  }

  /**
   * The swap test with every part real: 4 threads call rank-service's Predict for 10 s
   * while the registry promotes version 2, rolls back to 1 and promotes 2 again. No call fails,
   * and every answer carries exactly one version's scores. Then restarts of the registry and of
   * rank-service bring production back. Last, since it changes the production model.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void rankServiceHotSwapsUnderLoadAndRestartsComeBackToProduction() throws Exception {
    RegistryClient registry = new RegistryClient(URI.create("http://127.0.0.1:" + suite.httpPorts.get("model-registry")),
        Suite.ADMIN_TOKEN, Duration.ofSeconds(10));
    assertThat(registry.production("lightgbm").orElseThrow().version()).isEqualTo("1");
    // Version 2: fewer trees, so it scores differently. Trained in the data folder (the trainer's
    // layout), then moved out of the registry's folder and published through the API.
    new LightGbmTrainer().run(suite.data, TrainOptions.defaults().withVersion("2").withIterations(20).withThreads(1));
    Path v2 = Files.createDirectories(suite.home.resolve("publish")).resolve("2");
    Files.move(suite.data.resolve("models/lightgbm/2"), v2);
    registry.publish("lightgbm", "2", v2);

    int width = RankFeatureEncoder.input().width();
    int rows = 16;
    float[] matrix = new float[rows * width];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < matrix.length; i++) {
      matrix[i] = random.nextInt(6) + random.nextInt(4) / 4f; // exact in float and double
    }
    java.util.Map<String, double[]> expected = new java.util.HashMap<>();
    for (String[] v : new String[][] {{"lightgbm:1", suite.data.resolve("models/lightgbm/1").toString()},
        {"lightgbm:2", v2.toString()}}) {
      LGBMBooster booster = LGBMBooster.loadModelFromString(Files.readString(Path.of(v[1], "model.txt")));
      expected.put(v[0], booster.predictForMat(matrix, rows, width, true, PredictionType.C_API_PREDICT_NORMAL));
      booster.close();
    }
    assertThat(expected.get("lightgbm:1")).isNotEqualTo(expected.get("lightgbm:2"));
    dev.recsys.api.arrow.Column[] columns = new dev.recsys.api.arrow.Column[width];
    for (int f = 0; f < width; f++) {
      double[] col = new double[rows];
      for (int r = 0; r < rows; r++) {
        col[r] = matrix[r * width + f];
      }
      columns[f] = dev.recsys.api.arrow.Column.ofDoubles(RankFeatureEncoder.input().featureNames().get(f), col);
    }
    PredictRequest request = PredictRequest.newBuilder().setModelName("lightgbm").putArrowPayload("features",
        com.google.protobuf.ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(columns)))).build();

    ManagedChannel channel = GrpcChannels.forTarget("127.0.0.1:" + suite.rankGrpc);
    try {
      RankServiceGrpc.RankServiceBlockingStub stub = RankServiceGrpc.newBlockingStub(channel);
      java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
      java.util.Map<String, java.util.concurrent.atomic.AtomicLong> byVersion = new java.util.concurrent.ConcurrentHashMap<>();
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      List<Thread> callers = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          while (System.nanoTime() < end) {
            try {
              PredictResponse r = stub.withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS).predict(request);
              double[] scores = (double[]) ArrowCodec.decode(r.getArrowScores().toByteArray(), "scores")
                  .column("score").values();
              if (!Arrays.equals(scores, expected.get(r.getModelVersion()))) {
                failures.add("answer from " + r.getModelVersion() + " does not carry that version's scores");
              }
              byVersion.computeIfAbsent(r.getModelVersion(), k -> new java.util.concurrent.atomic.AtomicLong())
                  .incrementAndGet();
            } catch (RuntimeException e) {
              failures.add(e.toString());
            }
          }
        });
        th.start();
        callers.add(th);
      }
      List<String> timeline = new java.util.ArrayList<>();
      Thread.sleep(2000);
      registry.promote("lightgbm", "2");
      timeline.add("promote 2: " + awaitServing("2") + " ms");
      Thread.sleep(2000);
      registry.rollback("lightgbm");
      timeline.add("rollback to 1: " + awaitServing("1") + " ms");
      Thread.sleep(2000);
      registry.promote("lightgbm", "2");
      timeline.add("promote 2 again: " + awaitServing("2") + " ms");
      for (Thread th : callers) {
        th.join();
      }
      System.out.println("e2e swap under load: " + byVersion + ", " + timeline);
      assertThat(failures).as("failed or mixed calls").isEmpty();
      assertThat(byVersion.keySet()).containsExactlyInAnyOrder("lightgbm:1", "lightgbm:2");
    } finally {
      channel.shutdownNow();
    }

    suite.restart("model-registry", Duration.ofSeconds(120));
    assertThat(registry.production("lightgbm").orElseThrow().version()).isEqualTo("2");
    assertThat(registry.version("lightgbm", "1").files()).contains("model.txt");
    suite.restart("rank-service", Duration.ofSeconds(120));
    assertThat(awaitServing("2")).isLessThan(5000);
  }

  /** Milliseconds until rank-service's health says it serves {@code version} of lightgbm (at most 5 s). */
  long awaitServing(String version) throws Exception {
    long start = System.nanoTime();
    String last = "";
    while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + suite.httpPorts.get("rank-service") + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
      last = r.body();
      JsonNode lightgbm = json.readTree(last).path("components").path("models").path("details").path("lightgbm");
      if (version.equals(lightgbm.path("serving").asText())) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("rank-service not serving lightgbm " + version + " within 5 s; health: " + last);
  }
}
