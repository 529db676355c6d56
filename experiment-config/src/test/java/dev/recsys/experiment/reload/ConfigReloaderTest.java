package dev.recsys.experiment.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.experiment.Catalogue;
import dev.recsys.experiment.ConfigException;
import dev.recsys.experiment.ConfigHolder;
import dev.recsys.experiment.ConfigParser;
import dev.recsys.experiment.SceneEngine;
import dev.recsys.experiment.SceneResult;
import dev.recsys.experiment.TestExperiments;
import dev.recsys.experiment.TestExperiments.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {

  @TempDir Path dir;

  /**
   * Config number {@code n}: version "v{n}", match quota n, and the rank layer all on arm "a"
   * (topK n) for odd n, all on arm "b" for even n. A run's trace therefore shows which config each
   * layer ran under.
   */
  static String config(int n) {
    return """
        version: "v%d"
        scenes:
          home:
            layers:
              - name: match
                arms:
                  - { name: popular, experiment: match.popular, weight: 100, params: { quota: %d } }
              - name: rank
                arms:
                  - { name: a, experiment: rank.lightgbm, weight: %d, params: { topK: %d } }
                  - { name: b, experiment: rank.passthrough, weight: %d }
        """.formatted(n, n, n % 2 == 1 ? 100 : 0, n, n % 2 == 1 ? 0 : 100);
  }

  ConfigHolder holder(int n) {
    return new ConfigHolder(ConfigParser.parse(config(n), "test", Catalogue.EXPERIMENTS), Catalogue.EXPERIMENTS);
  }

  ConfigReloader reloader(ConfigHolder holder, Path file) {
    return new ConfigReloader(holder, new ConfigStore(dir.resolve("store")), file, Clock.systemUTC(), config(1));
  }

  @Test
  void putValidatesAppliesAndKeepsAHistoryThatRollsBack() {
    ConfigHolder holder = holder(1);
    ConfigReloader reloader = reloader(holder, null);
    assertThat(reloader.history()).extracting(ConfigStore.Entry::version, ConfigStore.Entry::source)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("v1", "bundled"));

    reloader.put(config(2), "alice");
    assertThat(holder.current().version()).isEqualTo("v2");

    String broken = config(3).replace("weight: 100", "weight: -5").replace("rank.passthrough", "rank.nope");
    assertThatThrownBy(() -> reloader.put(broken, "alice")).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSizeGreaterThanOrEqualTo(2))
        .hasMessageContaining("rank.nope").hasMessageContaining("-5");
    assertThat(holder.current().version()).isEqualTo("v2");
    assertThatThrownBy(() -> reloader.put(config(2), "alice"))
        .isInstanceOf(ConfigReloader.VersionConflictException.class).hasMessageContaining("is the live config");
    assertThatThrownBy(() -> reloader.put(config(3).replace("\"v3\"", "\"v1\""), "alice"))
        .isInstanceOf(ConfigReloader.VersionConflictException.class).hasMessageContaining("store entry 1");

    reloader.put(config(3), "bob");
    reloader.rollback(null, "carol");
    assertThat(holder.current().version()).isEqualTo("v2");
    reloader.rollback("v1", "carol");
    assertThat(holder.current().version()).isEqualTo("v1");
    assertThat(reloader.history()).extracting(e -> e.seq() + ":" + e.version() + ":" + e.source() + ":" + e.actor())
        .containsExactly("1:v1:bundled:system", "2:v2:admin:alice", "3:v3:admin:bob", "4:v2:rollback:carol",
            "5:v1:rollback:carol");
    assertThatThrownBy(() -> reloader.rollback("v9", "carol")).hasMessageContaining("versions: [v1, v2, v3]");
  }

  @Test
  void replicasSharingTheStoreConvergeAndAWatchedFileIsImportedOnce() throws Exception {
    Path file = dir.resolve("experiments.yaml");
    Files.writeString(file, config(1));
    ConfigHolder a = holder(1);
    ConfigHolder b = holder(1);
    ConfigReloader ra = reloader(a, file).start(Duration.ofMillis(100));
    ConfigReloader rb = reloader(b, file).start(Duration.ofMillis(100));
    assertThat(ra.history()).hasSize(1); // both saw the file; only one entry was written

    ra.put(config(2), "alice");
    long t0 = System.nanoTime();
    while (!b.current().version().equals("v2")) {
      assertThat(System.nanoTime() - t0).as("replica b converges within 5 s").isLessThan(5_000_000_000L);
      Thread.sleep(10);
    }
    // The ConfigMap changes: both replicas import it; one entry; both apply it.
    Files.writeString(file, config(4));
    t0 = System.nanoTime();
    while (!a.current().version().equals("v4") || !b.current().version().equals("v4")) {
      assertThat(System.nanoTime() - t0).as("file change applied within 5 s").isLessThan(5_000_000_000L);
      Thread.sleep(10);
    }
    assertThat(ra.history()).extracting(ConfigStore.Entry::version).containsExactly("v1", "v2", "v4");
    // A broken file is refused with its problems; the live config stays.
    Files.writeString(file, "version: \"v5\"\nscenes: [oops");
    Thread.sleep(400);
    assertThat(a.current().version()).isEqualTo("v4");
    assertThat(ra.status().lastError()).contains("experiments.yaml rejected").contains("v4 stays live");
    // An admin change after the file's, then a restart with the same file: the admin's stays live.
    Files.writeString(file, config(4));
    Thread.sleep(300);
    ra.put(config(6), "alice");
    ra.close();
    rb.close();
    ConfigHolder restarted = holder(1);
    ConfigReloader again = reloader(restarted, file);
    assertThat(restarted.current().version()).isEqualTo("v6");
    again.close();
  }

  @Test
  void ratiosChangingUnderLoadNeverMixConfigVersionsInOneRun() throws Exception {
    ConfigHolder holder = holder(1);
    ConfigReloader reloader = reloader(holder, null);
    SceneEngine<Trace> engine = new SceneEngine<>(holder, TestExperiments.all());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong runs = new AtomicLong();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        long i = 0;
        while (running.get()) {
          try {
            SceneResult<Trace> r = engine.run("home", "user-" + thread + "-" + (i++), Trace.start());
            int n = Integer.parseInt(r.configVersion().substring(1));
            String expectRank = n % 2 == 1 ? "rank.lightgbm topK=" + n + " useGpu=false" : "rank.passthrough";
            List<String> expected = List.of("match.popular quota=" + n, expectRank);
            if (!r.state().steps().equals(expected)) {
              problems.add("config " + r.configVersion() + " but the layers ran " + r.state().steps());
            }
            runs.incrementAndGet();
          } catch (Exception e) {
            problems.add(e.toString());
          }
        }
      });
      th.start();
      threads.add(th);
    }
    for (int n = 2; n <= 60; n++) {
      reloader.put(config(n), "load-test");
      Thread.sleep(15);
    }
    running.set(false);
    for (Thread th : threads) {
      th.join();
    }
    assertThat(problems).isEmpty();
    assertThat(runs.get()).isGreaterThan(1000);
    assertThat(holder.current().version()).isEqualTo("v60");
  }

  @Test
  void replicasPollingAtTheSameInstantStoreAFileChangeOnce() throws Exception {
    Path file = dir.resolve("experiments.yaml");
    Files.writeString(file, config(1));
    List<ConfigReloader> replicas = new ArrayList<>();
    List<ConfigHolder> holders = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      ConfigHolder h = holder(1);
      holders.add(h);
      replicas.add(reloader(h, file));
    }
    for (int n = 2; n <= 21; n++) {
      Files.writeString(file, config(n));
      java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(replicas.size());
      List<Thread> threads = new ArrayList<>();
      for (ConfigReloader r : replicas) {
        Thread t = new Thread(() -> {
          try {
            together.await();
            r.poll();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      for (ConfigReloader r : replicas) {
        r.poll(); // a replica that lost every race catches up with the stored entry
      }
      for (ConfigHolder h : holders) {
        assertThat(h.current().version()).isEqualTo("v" + n);
      }
    }
    assertThat(replicas.get(0).history()).extracting(ConfigStore.Entry::version)
        .as("one entry per file change").doesNotHaveDuplicates().hasSize(21);
  }
}
