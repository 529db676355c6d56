package dev.recsys.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer: exactly one of its arms runs for each unit, chosen by the unit's bucket under
 * {@code salt}. Layers with different salts split traffic independently of each other.
 *
 * @param salt hashed with the unit id; {@link SceneConfig} fills in {@code scene + "/" + name} when
 *     null. Changing it reshuffles every unit in the layer.
 * @param params parameters for every arm of the layer; override scene params
 */
public record LayerConfig(String name, String salt, List<ArmConfig> arms, Map<String, Object> params) {
  public LayerConfig {
    arms = arms == null ? List.of() : List.copyOf(arms);
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
