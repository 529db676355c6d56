package dev.recsys.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One arm of a layer: an experiment, its traffic weight and its own parameters.
 *
 * @param name defaults to the experiment name, so single-use experiments need no name
 * @param weight relative share of the layer's buckets; 0 turns the arm off without removing it
 * @param params most specific parameters; override layer and scene params
 */
public record ArmConfig(String name, String experiment, int weight, Map<String, Object> params) {
  public ArmConfig {
    name = name == null ? experiment : name;
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
