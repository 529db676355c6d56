package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

  private static List<String> problems(String yaml) {
    try {
      ConfigParser.parse(yaml, "t.yaml", Catalogue.EXPERIMENTS);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
      return e.problems();
    }
    return fail("expected a ConfigException for:\n" + yaml);
  }

  static String sampleYaml() throws IOException {
    try (InputStream in = ConfigParserTest.class.getResourceAsStream("/sample.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sampleParsesAndValidates() throws IOException {
    ExperimentConfig config = ConfigParser.parse(sampleYaml(), "sample.yaml", Catalogue.EXPERIMENTS);

    assertThat(config.version()).isEqualTo("2026-11-23.1");
    assertThat(config.scenes().keySet()).containsExactly("home", "detail");
    SceneConfig home = config.scenes().get("home");
    assertThat(home.unit()).isEqualTo("userId");
    assertThat(home.layers()).extracting(LayerConfig::name).containsExactly("match", "rank");
    LayerConfig match = home.layers().get(0);
    assertThat(match.salt()).as("default salt").isEqualTo("home/match");
    assertThat(match.arms().get(0).name()).as("default arm name").isEqualTo("match.popular");
    assertThat(match.arms().get(0).params()).containsEntry("quota", 200L);
    LayerConfig rank = home.layers().get(1);
    assertThat(rank.salt()).isEqualTo("home-rank-v1");
    assertThat(rank.arms()).extracting(ArmConfig::name, ArmConfig::experiment, ArmConfig::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lightgbm", "rank.lightgbm", 90),
            org.assertj.core.groups.Tuple.tuple("recall-order", "rank.passthrough", 10));
    assertThat(ConfigValidator.validate(config, Catalogue.EXPERIMENTS)).isEmpty();
  }

  /** Keeps the README honest: its YAML example must be a valid config. */
  @Test
  void readmeExampleValidates() throws IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    ExperimentConfig config = ConfigParser.parse(yaml, "README.md", Catalogue.EXPERIMENTS);
    assertThat(config.scenes().get("home").layers()).hasSize(2);
  }

  @Test
  void parseWithoutCatalogueChecksStructureOnly() {
    String yaml = """
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: not.in.catalogue
                    weight: 1
        """;
    assertThat(ConfigParser.parse(yaml, "t.yaml").scenes()).containsKey("home");
    assertThat(problems(yaml)).singleElement().asString().contains("unknown experiment 'not.in.catalogue'");
  }

  @Test
  void missingVersion() {
    List<String> p = problems("""
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: rank.passthrough
                    weight: 1
        """);
    assertThat(p).singleElement().asString().startsWith("t.yaml:1:1: missing 'version'");
  }

  @Test
  void blankVersion() {
    List<String> p = problems("""
        version: " "
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: rank.passthrough
                    weight: 1
        """);
    assertThat(p).singleElement().asString().startsWith("t.yaml:1:10: missing 'version'");
  }

  @Test
  void noScenes() {
    assertThat(problems("""
        version: "1"
        scenes: {}
        """)).singleElement().asString().startsWith("t.yaml:2:9: no scenes");
    assertThat(problems("""
        version: "1"
        """)).singleElement().asString().startsWith("t.yaml:1:1: no scenes");
  }

  @Test
  void sceneWithoutLayers() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            unit: userId
        """);
    assertThat(p).singleElement().asString().startsWith("t.yaml:4:5: scene 'home' has no layers");
  }

  @Test
  void layerWithoutArms() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms: []
        """);
    assertThat(p).singleElement().asString().startsWith("t.yaml:6:15: scene 'home' layer 'rank' has no arms");
  }

  @Test
  void duplicateLayerNames() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                salt: a
                arms:
                  - experiment: rank.passthrough
                    weight: 1
              - name: rank
                salt: b
                arms:
                  - experiment: rank.passthrough
                    weight: 1
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:10:15: scene 'home' has two layers named 'rank' (#1 and #2)");
  }

  @Test
  void duplicateArmNames() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: rank.lightgbm
                    weight: 1
                  - experiment: rank.lightgbm
                    weight: 1
                    params: { topK: 50 }
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:9:13: scene 'home' layer 'rank' has two arms named 'rank.lightgbm' (#1 and #2)")
        .contains("give one a 'name'");
  }

  @Test
  void negativeWeight() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - name: a
                    experiment: rank.passthrough
                    weight: -5
                  - name: b
                    experiment: rank.passthrough
                    weight: 5
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:9:21: scene 'home' layer 'rank' arm 'a' has negative weight -5");
  }

  @Test
  void allWeightsZero() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - name: a
                    experiment: rank.passthrough
                    weight: 0
                  - name: b
                    experiment: rank.passthrough
                    weight: 0
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:7:11: all arms of scene 'home' layer 'rank' have weight 0");
  }

  @Test
  void unknownExperimentNamesKnownOnes() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: rank.lightgmb
                    weight: 1
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:7:25: scene 'home' layer 'rank' arm 'rank.lightgmb': unknown experiment 'rank.lightgmb'")
        .contains("did you mean 'rank.lightgbm'?")
        .contains("known experiments: [match.popular, rank.lightgbm, rank.passthrough]");
  }

  @Test
  void missingExperiment() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - weight: 1
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:7:13: scene 'home' layer 'rank' arm #1 has no 'experiment'")
        .contains("known experiments:");
  }

  @Test
  void unknownParameterNamesDeclaredOnes() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: rank.lightgbm
                    weight: 1
                    params:
                      topk: 10
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:10:21: scene 'home' layer 'rank' arm 'rank.lightgbm': unknown parameter 'topk' for experiment 'rank.lightgbm'")
        .contains("did you mean 'topK'?")
        .contains("declared: [topK, useGpu, temperature, model]");
  }

  @Test
  void unknownSceneParameterNamesDeclaredOnesInScope() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            params: { qouta: 5 }
            layers:
              - name: match
                arms:
                  - experiment: match.popular
                    weight: 1
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:4:22: scene 'home': unknown parameter 'qouta'")
        .contains("did you mean 'quota'?")
        .contains("declared: {match.popular=[quota]}");
  }

  @Test
  void wrongParamType() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: match
                arms:
                  - experiment: match.popular
                    weight: 1
                    params: { quota: "200" }
              - name: rank
                arms:
                  - experiment: rank.lightgbm
                    weight: 1
                    params: { useGpu: 1, model: 7 }
        """);
    assertThat(p).hasSize(3);
    assertThat(p.get(0)).startsWith("t.yaml:9:30: scene 'home' layer 'match' arm 'match.popular': param 'quota' must be an int, got string \"200\"")
        .contains("remove the quotes");
    assertThat(p.get(1)).startsWith("t.yaml:14:31:").contains("param 'useGpu' must be a boolean");
    assertThat(p.get(2)).startsWith("t.yaml:14:41:").contains("param 'model' must be a string, got int 7; quote it");
  }

  @Test
  void intWhereDoubleExpectedIsFine() {
    ExperimentConfig config = ConfigParser.parse("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: rank.lightgbm
                    weight: 1
                    params: { temperature: 2 }
        """, "t.yaml", Catalogue.EXPERIMENTS);
    ArmConfig arm = config.scenes().get("home").layers().get(0).arms().get(0);
    ExperimentParams params = ExperimentParams.resolve(
        Catalogue.EXPERIMENTS.get("rank.lightgbm"), config.scenes().get("home"), config.scenes().get("home").layers().get(0), arm);
    assertThat(params.getDouble("temperature")).isEqualTo(2.0);
  }

  @Test
  void outOfBounds() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            params: { quota: 5000 }
            layers:
              - name: match
                arms:
                  - experiment: match.popular
                    weight: 1
              - name: rank
                params: { temperature: -0.5 }
                arms:
                  - experiment: rank.lightgbm
                    weight: 1
        """);
    assertThat(p).hasSize(2);
    assertThat(p.get(0)).startsWith("t.yaml:11:32: scene 'home' layer 'rank': param 'temperature' = -0.5 is out of bounds [0.0, 10.0]");
    assertThat(p.get(1)).startsWith("t.yaml:4:22: scene 'home': param 'quota' = 5000 is out of bounds [1, 1000]")
        .contains("experiment 'match.popular'");
  }

  @Test
  void unknownKeysNameTheValidOnes() {
    List<String> p = problems("""
        version: "1"
        scene: {}
        scenes:
          home:
            layer: []
            layers:
              - name: rank
                arms:
                  - experiment: rank.passthrough
                    wieght: 1
                    weight: 1
        """);
    assertThat(p).containsExactly(
        "t.yaml:2:1: unknown key 'scene' at the top level (did you mean 'scenes'?); valid keys: [version, scenes]",
        "t.yaml:5:5: unknown key 'layer' in scene 'home' (did you mean 'layers'?); valid keys: [unit, params, layers]",
        "t.yaml:10:13: unknown key 'wieght' in arm #1 of scene 'home' layer 'rank' (did you mean 'weight'?);"
            + " valid keys: [name, experiment, weight, params]");
  }

  @Test
  void badIdentifiers() {
    List<String> p = problems("""
        version: "1"
        scenes:
          "home page":
            layers:
              - name: rank/v2
                arms:
                  - name: "a b"
                    experiment: rank.passthrough
                    weight: 1
        """);
    assertThat(p).hasSize(3);
    assertThat(p.get(0)).startsWith("t.yaml:4:5: scene 'home page' is not a valid identifier; use 1 to 64 of the characters A-Z a-z 0-9 _ . -");
    assertThat(p.get(1)).startsWith("t.yaml:5:15: layer name 'rank/v2' in scene 'home page' is not a valid identifier");
    assertThat(p.get(2)).startsWith("t.yaml:7:19: arm name 'a b'").contains("not a valid identifier");
  }

  @Test
  void layersSharingASaltAreReported() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: a
                salt: same
                arms: [ { experiment: rank.passthrough, weight: 1 } ]
              - name: b
                salt: same
                arms: [ { experiment: rank.passthrough, weight: 1 } ]
        """);
    assertThat(p).singleElement().asString()
        .startsWith("t.yaml:9:15: layers 'a' and 'b' in scene 'home' share salt 'same'");
  }

  @Test
  void missingOrNonIntegerWeight() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - name: a
                    experiment: rank.passthrough
                  - name: b
                    experiment: rank.passthrough
                    weight: 0.5
        """);
    assertThat(p).containsExactly(
        "t.yaml:7:13: scene 'home' layer 'rank' arm 'a' has no 'weight'; give every arm a whole-number weight (its share of the layer)",
        "t.yaml:11:21: 'weight' of scene 'home' layer 'rank' arm 'b' must be a whole number between 0 and 2147483647, got double 0.5");
  }

  @Test
  void duplicateKeysShowBothPlaces() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              - name: rank
                arms: [ { experiment: rank.passthrough, weight: 1 } ]
          home:
            layers: []
        """);
    assertThat(p).singleElement().asString()
        .isEqualTo("t.yaml:7:3: duplicate key 'home' in 'scenes'; first defined at t.yaml:3:3");
  }

  @Test
  void everyProblemIsListedNotJustTheFirst() {
    List<String> p = problems("""
        scenes:
          home:
            layers:
              - name: rank
                arms:
                  - experiment: nope
                    weight: -1
                    colour: red
          empty: {}
        """);
    assertThat(p).hasSize(5);
    assertThat(String.join("\n", p))
        .contains("unknown key 'colour'", "missing 'version'", "unknown experiment 'nope'", "negative weight -1",
            "scene 'empty' has no layers");
  }

  @Test
  void syntaxErrorHasLineAndColumn() {
    assertThatThrownBy(() -> ConfigParser.parse("""
        version: "1"
        scenes:
          home:
            layers: [ { name: rank
        """, "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
            .matches("bad\\.yaml:5:1: invalid YAML: .*"));
    assertThatThrownBy(() -> ConfigParser.parse("version: \"1\"\n  bad: indent\n", "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bad.yaml:2:3: invalid YAML:");
  }

  @Test
  void wrongShapesAreReported() {
    List<String> p = problems("""
        version: "1"
        scenes:
          home:
            layers:
              name: rank
        """);
    assertThat(p.get(0)).isEqualTo("t.yaml:5:7: 'layers' of scene 'home' must be a list (items start with '- '), got a mapping");
    assertThat(problems("[1, 2]")).singleElement().asString()
        .isEqualTo("t.yaml:1:1: the document must be a mapping with keys [version, scenes], got a list");
    assertThatThrownBy(() -> ConfigParser.parse("  \n# only a comment\n", "t.yaml"))
        .isInstanceOf(ConfigException.class).hasMessage("t.yaml: empty document; expected keys [version, scenes]");
  }

  @Test
  void rejectsDocumentsOverOneMebibyte() {
    String big = "version: \"1\"\n# " + "x".repeat(ConfigParser.MAX_BYTES) + "\n";
    assertThatThrownBy(() -> ConfigParser.parse(big, "huge.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("huge.yaml: document is " + (big.length()) + " bytes; the limit is 1048576 bytes (1 MiB)");
  }

  @Test
  void yamlScalarTypesFollowImplicitTyping() {
    ExperimentConfig c = ConfigParser.parse("""
        version: 2026.1
        scenes:
          home:
            layers:
              - name: rank
                params: { model: "007", topK: 1_00, useGpu: yes }
                arms: [ { experiment: rank.lightgbm, weight: 0x10 } ]
        """, "t.yaml", Catalogue.EXPERIMENTS);
    assertThat(c.version()).isEqualTo("2026.1");
    LayerConfig layer = c.scenes().get("home").layers().get(0);
    assertThat(layer.params()).isEqualTo(Map.of("model", "007", "topK", 100L, "useGpu", true));
    assertThat(layer.arms().get(0).weight()).isEqualTo(16);
  }

  @Test
  void programmaticConfigsGetPathLocations() {
    ExperimentConfig c = new ExperimentConfig("1", Map.of("home", new SceneConfig("home", null, List.of(
        new LayerConfig("rank", null, List.of(new ArmConfig(null, "rank.lightgbm", -1, Map.of("topK", 0)),
            new ArmConfig("b", "rank.passthrough", 1, null)), null)), null)));
    assertThat(ConfigValidator.validate(c, Catalogue.EXPERIMENTS)).containsExactly(
        "scenes.home.layers[0].arms[0].weight: scene 'home' layer 'rank' arm 'rank.lightgbm' has negative weight -1; weights must be >= 0",
        "scenes.home.layers[0].arms[0].params.topK: scene 'home' layer 'rank' arm 'rank.lightgbm': param 'topK' = 0 is out of bounds [1, 500]"
            + " (experiment 'rank.lightgbm' declares int [1, 500])");
  }
}
