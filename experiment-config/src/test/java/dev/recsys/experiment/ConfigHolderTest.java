package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigHolderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  static ExperimentConfig config(String version, String rankExperiment, int weight) {
    return new ExperimentConfig(version, Map.of("home", new SceneConfig("home", null, List.of(
        new LayerConfig("rank", null, List.of(new ArmConfig("a", rankExperiment, weight, null)), null)), null)));
  }

  @Test
  void snapshotCarriesConfigAllocationsAndLoadTime() {
    ConfigHolder holder = new ConfigHolder(config("1", "rank.passthrough", 1), Catalogue.EXPERIMENTS, CLOCK);
    ConfigSnapshot s = holder.current();
    assertThat(s.version()).isEqualTo("1");
    assertThat(s.loadedAt()).isEqualTo(CLOCK.instant());
    assertThat(s.allocations().get("home")).singleElement().satisfies(a -> assertThat(a.rangeSize()).containsExactly(10_000));
  }

  @Test
  void invalidInitialConfigIsRejected() {
    assertThatThrownBy(() -> new ConfigHolder(config("1", "rank.nope", 1), Catalogue.EXPERIMENTS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown experiment 'rank.nope'");
  }

  @Test
  void rejectsInvalidConfigAndKeepsTheOldOneLive() {
    ConfigHolder holder = new ConfigHolder(config("1", "rank.passthrough", 1), Catalogue.EXPERIMENTS, CLOCK);
    ConfigSnapshot before = holder.current();

    assertThatThrownBy(() -> holder.apply(config("2", "rank.nope", 0)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2));
    assertThat(holder.current()).isSameAs(before);

    assertThatThrownBy(() -> holder.applyYaml("version: \"3\"\nscenes: {}\n", "configmap/experiments.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configmap/experiments.yaml:2:9: no scenes; define at least one under 'scenes'");
    assertThat(holder.current()).isSameAs(before);

    ConfigSnapshot next = holder.apply(config("4", "rank.lightgbm", 3));
    assertThat(holder.current()).isSameAs(next);
    assertThat(next.version()).isEqualTo("4");
  }

  @Test
  void appliesYamlFromSample() throws Exception {
    ConfigHolder holder = new ConfigHolder(config("1", "rank.passthrough", 1), Catalogue.EXPERIMENTS, CLOCK);
    ConfigSnapshot s = holder.applyYaml(ConfigParserTest.sampleYaml(), "sample.yaml");
    assertThat(s.version()).isEqualTo("2026-11-23.1");
    assertThat(s.allocations().get("home").get(1).rangeStart()).containsExactly(0, 9000);
  }
}
