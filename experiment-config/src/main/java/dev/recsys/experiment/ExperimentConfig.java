package dev.recsys.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole experiment config: a version and the scenes, in file order. Immutable; it may still be
 * invalid, see {@link ConfigValidator}.
 *
 * @param version reported with every response so a result can be traced to the config that made it
 */
public record ExperimentConfig(String version, Map<String, SceneConfig> scenes) {
  public ExperimentConfig {
    // LinkedHashMap rather than Map.copyOf: file order is what people see in admin output.
    scenes = scenes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scenes));
  }
}
