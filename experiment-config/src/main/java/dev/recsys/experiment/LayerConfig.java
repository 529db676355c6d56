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
 * @param bucketing {@code hash} (default): a unit always gets the same arm; {@code random}: a fresh
 *     bucket per request, for experiments that must not stick to a user (e.g. exploration)
 * @param whitelist unit id -> arm name: these units always get that arm (testers, staff), before
 *     bucketing; they are reported like forced assignments
 */
public record LayerConfig(String name, String salt, List<ArmConfig> arms, Map<String, Object> params,
    String bucketing, Map<String, String> whitelist) {

  public static final String HASH = "hash";
  public static final String RANDOM = "random";

  public LayerConfig {
    arms = arms == null ? List.of() : List.copyOf(arms);
    params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    bucketing = bucketing == null ? HASH : bucketing;
    whitelist = whitelist == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(whitelist));
  }

  public LayerConfig(String name, String salt, List<ArmConfig> arms, Map<String, Object> params) {
    this(name, salt, arms, params, HASH, Map.of());
  }

  LayerConfig withSalt(String newSalt) {
    return new LayerConfig(name, newSalt, arms, params, bucketing, whitelist);
  }
}
