package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentParamsTest {
  static final List<ParamSpec> SPECS = Catalogue.EXPERIMENTS.get("rank.lightgbm");

  @Test
  void mostSpecificLevelWinsThenDefault() {
    SceneConfig scene = new SceneConfig("home", null, List.of(), Map.of("topK", 10, "useGpu", true, "temperature", 3));
    LayerConfig layer = new LayerConfig("rank", null, List.of(), Map.of("topK", 20L, "useGpu", false));
    ArmConfig arm = new ArmConfig("a", "rank.lightgbm", 1, Map.of("topK", 30));

    ExperimentParams p = ExperimentParams.resolve(SPECS, scene, layer, arm);

    assertThat(p.getInt("topK")).isEqualTo(30); // arm
    assertThat(p.getBoolean("useGpu")).isFalse(); // layer
    assertThat(p.getDouble("temperature")).isEqualTo(3.0); // scene, int widened
    assertThat(p.getString("model")).isEqualTo("lgbm-v1"); // default
    assertThat(p.asMap()).containsExactly(
        Map.entry("topK", 30), Map.entry("useGpu", false), Map.entry("temperature", 3.0), Map.entry("model", "lgbm-v1"));
  }

  @Test
  void unknownNameListsKnownParams() {
    ExperimentParams p = ExperimentParams.of(SPECS, Map.of());
    assertThatThrownBy(() -> p.getInt("topk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown param 'topk'; known params: [topK, useGpu, temperature, model]");
    assertThatThrownBy(() -> p.getString("topK"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("param 'topK' is int, not string");
    assertThat(p.getDouble("topK")).as("int readable as double").isEqualTo(20.0);
    assertThatThrownBy(() -> ExperimentParams.of(SPECS, Map.of("nope", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown param 'nope'");
    assertThatThrownBy(() -> ExperimentParams.of(SPECS, Map.of("topK", 501)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of bounds [1, 500]");
    assertThatThrownBy(() -> p.asMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void specRejectsBadDefaultsAtDeclaration() {
    assertThatThrownBy(() -> ParamSpec.ofInt("k", 0, 1, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("param 'k' = 0 is out of bounds [1, 10]");
    assertThatThrownBy(() -> new ParamSpec("b", ParamType.BOOLEAN, true, 0.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only int and double params take bounds");
    assertThatThrownBy(() -> new ParamSpec("s", ParamType.STRING, 1, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a string");
    assertThat(new ParamSpec("d", ParamType.DOUBLE, 1, null, null).defaultValue()).isEqualTo(1.0);
  }
}
