package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.experiment.TestExperiments.Lightgbm;
import dev.recsys.experiment.TestExperiments.Passthrough;
import dev.recsys.experiment.TestExperiments.Popular;
import dev.recsys.experiment.TestExperiments.Trace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SceneEngineTest {

  private static SceneEngine<Trace> sampleEngine() throws Exception {
    Map<String, SceneExperiment<Trace>> experiments = TestExperiments.all();
    ConfigHolder holder = new ConfigHolder(
        ConfigParser.parse(ConfigParserTest.sampleYaml(), "sample.yaml"), SceneEngine.paramSpecs(experiments));
    return new SceneEngine<>(holder, experiments);
  }

  @Test
  void runsLayersInOrderWithResolvedParams() throws Exception {
    SceneEngine<Trace> engine = sampleEngine();

    SceneResult<Trace> r = engine.run("home", "user-42", Trace.start(), Map.of());

    assertThat(r.configVersion()).isEqualTo("2026-11-23.1");
    assertThat(r.assignments()).extracting(LayerAssignment::layer).containsExactly("match", "rank");
    LayerAssignment rank = r.assignments().get(1);
    assertThat(rank.bucket()).isEqualTo(Bucketer.bucket("user-42", "home-rank-v1"));
    assertThat(rank.arm()).isEqualTo(rank.bucket() < 9000 ? "lightgbm" : "recall-order");
    assertThat(rank.forced()).isFalse();
    assertThat(r.state().steps().get(0)).isEqualTo("match.popular quota=200");
    assertThat(r.state().steps().get(1)).isEqualTo(rank.bucket() < 9000 ? "rank.lightgbm topK=20 useGpu=false" : "rank.passthrough");
  }

  @Test
  void paramsFollowSceneLayerArmPrecedence() throws Exception {
    SceneEngine<Trace> engine = sampleEngine();
    SceneResult<Trace> deep = engine.run("detail", "u", Trace.start(), Map.of("rank", "lightgbm-deep"));
    SceneResult<Trace> plain = engine.run("detail", "u", Trace.start(), Map.of("rank", "lightgbm"));

    assertThat(deep.state().steps()).containsExactly("match.popular quota=100", "rank.lightgbm topK=100 useGpu=true");
    assertThat(plain.state().steps()).containsExactly("match.popular quota=100", "rank.lightgbm topK=50 useGpu=false");
  }

  @Test
  void forcedArmsOverrideBucketsAndReachZeroWeightArms() throws Exception {
    SceneEngine<Trace> engine = sampleEngine();
    SceneResult<Trace> r = engine.run("detail", "user-1", Trace.start(), Map.of("rank", "off"));
    assertThat(r.assignments().get(1)).isEqualTo(
        new LayerAssignment("rank", "off", "rank.passthrough", Bucketer.bucket("user-1", "detail/rank"), true));
    assertThat(r.assignments().get(0).forced()).isFalse();

    assertThatThrownBy(() -> engine.run("detail", "u", Trace.start(), Map.of("rnak", "off")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot force unknown layer 'rnak' in scene 'detail'; layers: [match, rank]");
    assertThatThrownBy(() -> engine.run("detail", "u", Trace.start(), Map.of("rank", "of")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot force unknown arm 'of' in scene 'detail' layer 'rank'; arms: [lightgbm, lightgbm-deep, off]");
  }

  @Test
  void unknownSceneListsKnownScenes() throws Exception {
    SceneEngine<Trace> engine = sampleEngine();
    assertThatThrownBy(() -> engine.run("hme", "u", Trace.start(), Map.of()))
        .isInstanceOfSatisfying(UnknownSceneException.class, e -> {
          assertThat(e.scene()).isEqualTo("hme");
          assertThat(e.knownScenes()).containsExactly("home", "detail");
          assertThat(e).hasMessage("unknown scene 'hme'; known scenes: [home, detail]");
        });
  }

  @Test
  void aRunUsesOneSnapshotEvenIfConfigChangesMidway() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    @Experiment("match.blocking")
    class Blocking implements SceneExperiment<Trace> {
      @Override
      public Trace apply(Trace state, ExperimentParams params) throws Exception {
        entered.countDown();
        assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
        return state.plus("match.blocking");
      }
    }
    Map<String, SceneExperiment<Trace>> experiments = new HashMap<>(TestExperiments.all());
    experiments.put("match.blocking", new Blocking());
    ConfigHolder holder = new ConfigHolder(twoLayers("v1", "rank.lightgbm"), SceneEngine.paramSpecs(experiments));
    SceneEngine<Trace> engine = new SceneEngine<>(holder, experiments);

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<SceneResult<Trace>> running = pool.submit(() -> engine.run("home", "u", Trace.start(), Map.of()));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      holder.apply(twoLayers("v2", "rank.passthrough")); // lands while layer 1 is running
      release.countDown();
      SceneResult<Trace> during = running.get(5, TimeUnit.SECONDS);

      assertThat(during.configVersion()).isEqualTo("v1");
      assertThat(during.state().steps()).containsExactly("match.blocking", "rank.lightgbm topK=20 useGpu=false");
    } finally {
      pool.shutdownNow();
    }
    SceneResult<Trace> after = engine.run("home", "u", Trace.start(), Map.of());
    assertThat(after.configVersion()).isEqualTo("v2");
    assertThat(after.state().steps()).containsExactly("match.blocking", "rank.passthrough");
  }

  private static ExperimentConfig twoLayers(String version, String rank) {
    return new ExperimentConfig(version, Map.of("home", new SceneConfig("home", null, List.of(
        new LayerConfig("match", null, List.of(new ArmConfig(null, "match.blocking", 1, null)), null),
        new LayerConfig("rank", null, List.of(new ArmConfig(null, rank, 1, null)), null)), null)));
  }

  @Test
  void discoverReadsAnnotationsThroughProxies() {
    Map<String, SceneExperiment<Trace>> found = TestExperiments.all();
    assertThat(found.keySet()).containsExactly("match.popular", "rank.lightgbm", "rank.passthrough");
    assertThat(found.get("match.popular")).isInstanceOf(TestExperiments.Popular$$SpringCGLIB$$0.class);
  }

  @Test
  void discoverRejectsDuplicateNames() {
    assertThatThrownBy(() -> SceneEngine.discover(List.<SceneExperiment<Trace>>of(new Popular(), new Lightgbm(),
        new TestExperiments.Popular$$SpringCGLIB$$0())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two experiments are named 'match.popular'")
        .hasMessageContaining(Popular.class.getName());
  }

  @Test
  void discoverRejectsUnannotatedExperiments() {
    SceneExperiment<Trace> anonymous = (state, params) -> state;
    assertThatThrownBy(() -> SceneEngine.discover(List.of(anonymous)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no @Experiment");
  }

  @Test
  void engineNeedsAnImplementationForEveryValidatedExperiment() {
    ConfigHolder holder = new ConfigHolder(ConfigHolderTest.config("1", "rank.passthrough", 1), Catalogue.EXPERIMENTS);
    assertThatThrownBy(() -> new SceneEngine<>(holder, Map.<String, SceneExperiment<Trace>>of("rank.passthrough", new Passthrough())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[match.popular, rank.lightgbm]", "no implementation");
  }
}
