package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.experiment.TestExperiments.Trace;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whitelists, the random bucketizer and the configurable unit. */
class BucketingModesTest {

  static final String YAML = """
      version: "modes-1"
      scenes:
        home:
          unit: deviceId
          layers:
            - name: rank
              bucketing: %s
              whitelist: { tester-1: b, tester-2: a }
              arms:
                - { name: a, experiment: rank.lightgbm, weight: 70 }
                - { name: b, experiment: rank.passthrough, weight: 30 }
      """;

  static SceneEngine<Trace> engine(String bucketing) {
    Map<String, SceneExperiment<Trace>> experiments = TestExperiments.all();
    return new SceneEngine<>(new ConfigHolder(ConfigParser.parse(YAML.formatted(bucketing), "modes.yaml",
        SceneEngine.paramSpecs(experiments)), SceneEngine.paramSpecs(experiments)), experiments);
  }

  @Test
  void whitelistedUnitsAlwaysGetTheirArmAndAreReportedAsForced() throws Exception {
    SceneEngine<Trace> engine = engine("hash");
    for (int i = 0; i < 20; i++) {
      LayerAssignment t1 = engine.run("home", u -> "tester-1", Trace.start(), Map.of()).assignments().get(0);
      assertThat(t1.arm()).isEqualTo("b");
      assertThat(t1.forced()).isTrue();
      assertThat(engine.run("home", u -> "tester-2", Trace.start(), Map.of()).assignments().get(0).arm()).isEqualTo("a");
    }
  }

  @Test
  void theSceneNamesTheUnitTheEngineBucketsOn() throws Exception {
    SceneEngine<Trace> engine = engine("hash");
    Map<String, String> asked = new HashMap<>();
    SceneResult<Trace> r = engine.run("home", unit -> {
      asked.put("unit", unit);
      return "device-9";
    }, Trace.start(), Map.of());
    assertThat(asked).containsEntry("unit", "deviceId");
    assertThat(r.assignments().get(0).bucket()).isEqualTo(Bucketer.bucket("device-9", "home/rank"));
  }

  @Test
  void theRandomBucketizerDrawsPerRequestAndStillHoldsTheShares() throws Exception {
    SceneEngine<Trace> engine = engine("random");
    int n = 20_000;
    int a = 0;
    int changed = 0;
    String previous = null;
    for (int i = 0; i < n; i++) {
      String arm = engine.run("home", u -> "same-user", Trace.start(), Map.of()).assignments().get(0).arm();
      a += arm.equals("a") ? 1 : 0;
      changed += previous != null && !previous.equals(arm) ? 1 : 0;
      previous = arm;
    }
    assertThat(Math.abs(a / (double) n - 0.70)).isLessThan(0.01);
    assertThat(changed).as("one user moves between arms").isGreaterThan(1000);
  }

  @Test
  void badModesAndWhitelistsAreRefusedWithTheirPlace() {
    String bad = YAML.formatted("sticky").replace("tester-2: a", "tester-2: z");
    assertThatThrownBy(() -> ConfigParser.parse(bad, "modes.yaml", Catalogue.EXPERIMENTS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bucketing 'sticky'; use 'hash'")
        .hasMessageContaining("whitelists unit 'tester-2' to unknown arm 'z'; arms: [a, b]");
  }
}
