package dev.recsys.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.api.grpc.GrpcServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Backends stopped while requests run: the gRPC servers standing in for rank-service and
 * recall-service are shut down (connections refused, as when a pod dies) and started again on the
 * same port. No answer is a 5xx; during an outage answers are degraded (rank: recall order;
 * recall: the cached popular list); after recovery they are normal again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FaultToleranceTest {

  static final int RECALL_PORT = freePort();
  static final int RANK_PORT = freePort();
  static final AtomicReference<GrpcServer> recall = new AtomicReference<>(startRecall());
  static final AtomicReference<GrpcServer> rank = new AtomicReference<>(startRank());

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static GrpcServer startRecall() {
    return FakeBackends.recall(RECALL_PORT);
  }

  static GrpcServer startRank() {
    return FakeBackends.rank(RANK_PORT);
  }

  static final GrpcServer FEATURES = FakeBackends.features(0);

  static java.nio.file.Path newStateDir() {
    try {
      return java.nio.file.Files.createTempDirectory("gateway-state");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) {
    registry.add("recsys.gateway.recall-service", () -> "127.0.0.1:" + RECALL_PORT);
    registry.add("recsys.gateway.rank-service", () -> "127.0.0.1:" + RANK_PORT);
    registry.add("recsys.gateway.resilience.open-ms", () -> "500");
    registry.add("recsys.gateway.feature-service", () -> "127.0.0.1:" + FEATURES.port());
    // Private state: the store and exposures default under the working directory.
    java.nio.file.Path state = newStateDir();
    registry.add("recsys.gateway.experiments-store", () -> state.resolve("store").toString());
    registry.add("recsys.gateway.exposure-dir", () -> state.resolve("exposures").toString());
  }

  @AfterAll
  static void stop() {
    recall.get().close();
    rank.get().close();
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final ObjectMapper json = new ObjectMapper();

  /** What the callers saw in one phase: answers by degraded stages, and any 5xx or transport error. */
  record Phase(Map<String, AtomicLong> byDegraded, ConcurrentLinkedQueue<String> errors) {
    Phase() {
      this(new ConcurrentHashMap<>(), new ConcurrentLinkedQueue<>());
    }
  }

  @Test
  void stoppingRankOrRecallDegradesAnswersButNeverFailsThem() throws Exception {
    AtomicReference<Phase> phase = new AtomicReference<>(new Phase());
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        int n = 0;
        while (running.get()) {
          Phase p = phase.get();
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/recommend/home")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u" + thread + "-" + (n++) + "\",\"count\":5}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              p.errors().add(r.statusCode() + " " + r.body());
              continue;
            }
            JsonNode body = json.readTree(r.body());
            if (body.get("items").size() != 5) {
              p.errors().add("answer with " + body.get("items").size() + " items: " + r.body());
            }
            p.byDegraded().computeIfAbsent(body.get("degradedStages").toString(), k -> new AtomicLong()).incrementAndGet();
          } catch (Exception e) {
            p.errors().add(e.toString());
          }
        }
      });
      th.start();
      callers.add(th);
    }
    try {
      Phase normal = settle(phase, "[]");
      rank.get().close();
      Phase rankDown = run(phase, Duration.ofSeconds(2));
      rank.set(startRank());
      Phase rankBack = settle(phase, "[]");
      recall.get().close();
      Phase recallDown = run(phase, Duration.ofSeconds(2));
      recall.set(startRecall());
      Phase recallBack = settle(phase, "[]");

      for (Phase p : List.of(normal, rankDown, rankBack, recallDown, recallBack)) {
        assertThat(p.errors()).as("5xx, short answers or transport errors").isEmpty();
      }
      assertThat(rankDown.byDegraded()).containsKey("[\"rank\"]");
      assertThat(recallDown.byDegraded()).containsKey("[\"match\"]");
      System.out.printf("fault test: rank down %s; recall down %s%n", rankDown.byDegraded(), recallDown.byDegraded());
    } finally {
      running.set(false);
      for (Thread th : callers) {
        th.join();
      }
    }
  }

  /** Collects answers for {@code d}, then starts a new phase. */
  static Phase run(AtomicReference<Phase> phase, Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    return phase.getAndSet(new Phase());
  }

  /** Waits (at most 10 s) until 20 answers in a row are {@code degraded}, then starts a new phase. */
  static Phase settle(AtomicReference<Phase> phase, String degraded) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Phase p = phase.getAndSet(new Phase());
      Thread.sleep(500);
      Phase recent = phase.get();
      long ok = recent.byDegraded().getOrDefault(degraded, new AtomicLong()).get();
      if (ok >= 20 && recent.byDegraded().size() == 1 && recent.errors().isEmpty()) {
        p.errors().addAll(recent.errors());
        recent.byDegraded().forEach((k, v) -> p.byDegraded().computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v.get()));
        return p;
      }
      if (!recent.errors().isEmpty()) {
        return recent;
      }
    }
    throw new AssertionError("answers did not come back to degraded=" + degraded + " within 10 s: " + phase.get());
  }
}
