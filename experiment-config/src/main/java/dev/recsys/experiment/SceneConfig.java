package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scene (e.g. "home"): ordered layers run one after another for each request.
 *
 * @param unit name of the request field whose value is bucketed; {@code "userId"} when null
 * @param params parameters visible to every arm in the scene (least specific level)
 */
public record SceneConfig(String name, String unit, List<LayerConfig> layers, Map<String, Object> params) {
  public static final String DEFAULT_UNIT = "userId";

  public SceneConfig {
    unit = unit == null ? DEFAULT_UNIT : unit;
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    List<LayerConfig> copy = new ArrayList<>();
    if (layers != null) {
      for (LayerConfig layer : layers) {
        // The default salt needs the scene name, which the layer does not know; filling it here
        // means configs built in code get the same salt as the same config read from YAML.
        copy.add(layer.salt() != null
            ? layer
            : layer.withSalt(name + "/" + layer.name()));
      }
    }
    layers = List.copyOf(copy);
  }
}
