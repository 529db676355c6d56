package dev.recsys.experiment;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated config with its precomputed arm allocations; immutable, so a request that holds
 * one sees a single consistent config no matter what is applied meanwhile.
 *
 * @param allocations per scene, one allocation per layer in layer order
 * @param loadedAt when the holder accepted this config
 */
public record ConfigSnapshot(
    ExperimentConfig config, Map<String, List<ArmAllocation>> allocations, Instant loadedAt) {

  public ConfigSnapshot {
    Map<String, List<ArmAllocation>> copy = new LinkedHashMap<>();
    allocations.forEach((scene, layers) -> copy.put(scene, List.copyOf(layers)));
    allocations = Collections.unmodifiableMap(copy);
  }

  public String version() {
    return config.version();
  }
}
