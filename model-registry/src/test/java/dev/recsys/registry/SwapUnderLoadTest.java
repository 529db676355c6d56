package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.ml.lightgbm.PredictionType;
import dev.recsys.modelclient.HotSwap;
import dev.recsys.modelclient.ModelCache;
import dev.recsys.modelclient.ModelSubscription;
import dev.recsys.modelclient.RegistryClient;
import dev.recsys.offline.train.LightGbmTrainer;
import dev.recsys.offline.train.TrainOptions;
import dev.recsys.registry.validate.PipelineArtifacts;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The client library against the real registry, with real LightGBM models: a swap under load
 * fails no call and never mixes versions; a version that fails to load leaves the old one
 * serving; a restarted service comes back to the production version, or to its cache when the
 * registry is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SwapUnderLoadTest {

  static final String TOKEN = "swap-test-token";
  static final int ROWS = 32;
  static Path root;
  static Path dataDir;
  static float[] rows;

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws Exception {
    root = Files.createTempDirectory("registry-swap");
    registry.add("recsys.registry.root", root::toString);
    registry.add("recsys.registry.admin-token", () -> TOKEN);
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:swap;DB_CLOSE_DELAY=-1");
  }

  @LocalServerPort int port;

  /** Three LightGBM versions of one contract that score differently: 100, 20 and 5 trees. */
  @BeforeAll
  static void trainVersions() {
    dataDir = PipelineArtifacts.models().getParent();
    for (String[] v : new String[][] {{"2", "20"}, {"3", "5"}}) {
      if (!Files.exists(dataDir.resolve("models/lightgbm/" + v[0]))) {
        new LightGbmTrainer().run(dataDir, TrainOptions.defaults().withVersion(v[0])
            .withIterations(Integer.parseInt(v[1])).withThreads(1));
      }
    }
    Random random = new Random(7);
    rows = new float[ROWS * 11];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextInt(5) + random.nextFloat();
    }
  }

  /** What rank-service does with a LightGBM version, reduced to the part a swap concerns. */
  static final class Model implements AutoCloseable {
    final LGBMBooster booster;
    final List<String> closedLog;
    final String version;
    volatile boolean closed;

    Model(Path dir, List<String> closedLog) throws Exception {
      JsonNode meta = new ObjectMapper().readTree(dir.resolve("metadata.json").toFile());
      if (!"rank-v1".equals(meta.path("input").path("version").asText())) {
        throw new IllegalArgumentException("input signature " + meta.path("input").path("version").asText()
            + " differs from this build's rank-v1");
      }
      this.version = meta.path("version").asText();
      this.booster = LGBMBooster.loadModelFromString(Files.readString(dir.resolve("model.txt")));
      this.closedLog = closedLog;
      score(); // warm-up
    }

    double[] score() throws Exception {
      if (closed) {
        throw new IllegalStateException("version " + version + " used after close");
      }
      return booster.predictForMat(rows, ROWS, 11, true, PredictionType.C_API_PREDICT_NORMAL);
    }

    @Override
    public void close() throws Exception {
      closed = true;
      booster.close();
      closedLog.add(version);
    }
  }

  RegistryClient admin() {
    return new RegistryClient(URI.create("http://127.0.0.1:" + port), TOKEN, Duration.ofSeconds(5));
  }

  static Map<String, double[]> expected = new TreeMap<>();

  /** Publishes the trained version {@code from} as {@code version}, its metadata edited. */
  void publish(RegistryClient registry, String version, String from, java.util.function.UnaryOperator<ObjectNode> edit)
      throws Exception {
    Path src = dataDir.resolve("models/lightgbm/" + from);
    Path dir = Files.createDirectories(Files.createTempDirectory("publish").resolve(version));
    Files.copy(src.resolve("model.txt"), dir.resolve("model.txt"));
    ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(src.resolve("metadata.json").toFile());
    meta.put("version", version);
    Files.writeString(dir.resolve("metadata.json"), edit.apply(meta).toString());
    registry.publish("lightgbm", version, dir);
  }

  @Test
  void swapsUnderLoadFailNoCallAndNeverMixVersions() throws Exception {
    RegistryClient registry = admin();
    List<String> closed = new CopyOnWriteArrayList<>();
    for (String v : List.of("1", "2", "3")) {
      publish(registry, v, v, m -> m);
      try (Model m = new Model(dataDir.resolve("models/lightgbm/" + v), new ArrayList<>())) {
        expected.put(v, m.score());
      }
    }
    assertThat(expected.get("1")).isNotEqualTo(expected.get("2"));
    assertThat(expected.get("2")).isNotEqualTo(expected.get("3"));
    registry.promote("lightgbm", "1");

    RegistryClient reader = new RegistryClient(URI.create("http://127.0.0.1:" + port), null, Duration.ofSeconds(5));
    Path cache = Files.createTempDirectory("model-cache");
    ModelSubscription<Model> sub = new ModelSubscription<>("lightgbm", reader, new ModelCache(cache, reader),
        dir -> new Model(dir, closed), Clock.systemUTC(), 30).start(Duration.ofSeconds(10));
    assertThat(sub.status().serving()).isEqualTo("1");

    AtomicLong calls = new AtomicLong();
    Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        while (System.nanoTime() < end) {
          try (HotSwap<Model>.Lease lease = sub.acquire()) {
            double[] scores = lease.model().score();
            if (!Arrays.equals(scores, expected.get(lease.version()))) {
              failures.add("scores of a call leased on version " + lease.version() + " are not that version's");
            }
            byVersion.computeIfAbsent(lease.version(), k -> new AtomicLong()).incrementAndGet();
            calls.incrementAndGet();
          } catch (Exception | Error e) {
            failures.add(e.toString());
          }
        }
      });
      th.start();
      callers.add(th);
    }
    List<String> timeline = new CopyOnWriteArrayList<>();
    Thread.sleep(2000);
    registry.promote("lightgbm", "2");
    timeline.add("2 in " + awaitServing(sub, "2") + " ms");
    Thread.sleep(2000);
    registry.promote("lightgbm", "3");
    timeline.add("3 in " + awaitServing(sub, "3") + " ms");
    Thread.sleep(2000);
    registry.rollback("lightgbm");
    timeline.add("rollback to 2 in " + awaitServing(sub, "2") + " ms");
    for (Thread th : callers) {
      th.join();
    }

    assertThat(failures).as("failed calls").isEmpty();
    assertThat(byVersion.keySet()).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(calls.get()).isGreaterThan(1000);
    // Each retired model was closed once its last call finished: 1, then 2, then 3. The rollback
    // loaded 2 again (from the cache), and that instance serves, open.
    assertThat(closed).containsExactly("1", "2", "3");
    try (HotSwap<Model>.Lease lease = sub.acquire()) {
      assertThat(lease.model().closed).isFalse();
    }
    assertThat(sub.status().swaps()).isEqualTo(4);
    System.out.printf("swap under load: %d calls %s; swaps %s%n", calls.get(), byVersion, timeline);

    // A version this build cannot serve is refused at load: the old one keeps serving, and says why.
    publish(registry, "4", "3", m -> {
      ((ObjectNode) m.get("input")).put("version", "rank-v0");
      return m;
    });
    registry.promote("lightgbm", "4");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sub.status().failures() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sub.status().serving()).isEqualTo("2");
    assertThat(sub.status().production()).isEqualTo("4");
    assertThat(sub.status().lastError()).contains("version 4 failed to load, still serving 2")
        .contains("input signature rank-v0");
    try (HotSwap<Model>.Lease lease = sub.acquire()) {
      assertThat(lease.model().score()).isEqualTo(expected.get("2"));
    }
    registry.rollback("lightgbm");
    awaitServing(sub, "2");
    sub.close();

    // A service restart comes back to the production version, from its cache (nothing downloaded).
    ModelSubscription<Model> restarted = new ModelSubscription<>("lightgbm", reader, new ModelCache(cache, reader),
        dir -> new Model(dir, closed), Clock.systemUTC(), 30).start(Duration.ofSeconds(10));
    assertThat(restarted.status().serving()).isEqualTo("2");
    restarted.close();

    // With the registry unreachable, it serves the version it last served and says so.
    RegistryClient dead = new RegistryClient(URI.create("http://127.0.0.1:1"), null, Duration.ofMillis(200));
    ModelSubscription<Model> offline = new ModelSubscription<>("lightgbm", dead, new ModelCache(cache, dead),
        dir -> new Model(dir, closed), Clock.systemUTC(), 30).start(Duration.ofSeconds(1));
    assertThat(offline.status().serving()).isEqualTo("2");
    assertThat(offline.status().lastError()).contains("unreachable");
    offline.close();
    // ... and with no cache either, start fails naming both reasons.
    assertThatThrownBy(() -> new ModelSubscription<>("lightgbm", dead, new ModelCache(Files.createTempDirectory("empty"),
        dead), dir -> new Model(dir, closed), Clock.systemUTC(), 30).start(Duration.ofMillis(300)))
        .hasMessageContaining("unreachable").hasMessageContaining("no verified version is cached");
  }

  @Test
  void aDownloadWhoseBytesDoNotMatchTheMetadataIsRefusedAndADamagedCacheIsFetchedAgain() throws Exception {
    RegistryClient registry = admin();
    Path src = dataDir.resolve("models/lightgbm/1");
    Path dir = Files.createDirectories(Files.createTempDirectory("tamper").resolve("1"));
    Files.copy(src.resolve("model.txt"), dir.resolve("model.txt"));
    ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(src.resolve("metadata.json").toFile());
    meta.put("name", "tampered");
    Files.writeString(dir.resolve("metadata.json"), meta.toString());
    registry.publish("tampered", "1", dir);
    Path cacheRoot = Files.createTempDirectory("tamper-cache");
    ModelCache cache = new ModelCache(cacheRoot, registry);

    // Damaged in the cache after a good download: verified before use, and fetched again.
    Path cached = cache.fetch("tampered", "1");
    Files.writeString(cached.resolve("model.txt"), "damaged");
    assertThat(cache.fetch("tampered", "1").resolve("model.txt")).hasSameBinaryContentAs(src.resolve("model.txt"));

    // Changed behind the registry's back: the download is refused, naming the file and both digests,
    // and nothing is left in the cache.
    Files.writeString(root.resolve("tampered/1/model.txt"), "tree\n");
    Path freshRoot = Files.createTempDirectory("tamper-cache-2");
    ModelCache fresh = new ModelCache(freshRoot, registry);
    assertThatThrownBy(() -> fresh.fetch("tampered", "1"))
        .isInstanceOf(ModelCache.CorruptArtifactException.class)
        .hasMessageContaining("model.txt has sha256").hasMessageContaining("metadata says " + meta.get("sha256").asText());
    assertThat(freshRoot.resolve("tampered/1")).doesNotExist();
    assertThatThrownBy(() -> fresh.fetch("tampered", "9")).isInstanceOf(RegistryClient.RegistryException.class)
        .hasMessageContaining("404");
  }

  /** Milliseconds until {@code sub} serves {@code version}; fails past the 5 s. */
  static long awaitServing(ModelSubscription<?> sub, String version) throws InterruptedException {
    long start = System.nanoTime();
    while (!version.equals(sub.status().serving())) {
      if (System.nanoTime() - start > Duration.ofSeconds(5).toNanos()) {
        throw new AssertionError("not serving " + version + " within 5 s: " + sub.status());
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
