package dev.recsys.experiment;

import java.util.List;
import java.util.Map;

/** The experiment catalogue tests validate against, matching sample.yaml. */
public final class Catalogue {
  public static final Map<String, List<ParamSpec>> EXPERIMENTS = Map.of(
      "match.popular", List.of(ParamSpec.ofInt("quota", 100, 1, 1000)),
      "rank.lightgbm", List.of(
          ParamSpec.ofInt("topK", 20, 1, 500),
          ParamSpec.ofBoolean("useGpu", false),
          ParamSpec.ofDouble("temperature", 1.0, 0.0, 10.0),
          ParamSpec.ofString("model", "lgbm-v1")),
      "rank.passthrough", List.of());

  private Catalogue() {}
}
