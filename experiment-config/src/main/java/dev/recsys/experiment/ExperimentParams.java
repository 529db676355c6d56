package dev.recsys.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved parameters one arm runs with: every declared param has a value (config value or
 * default), already type-checked. Immutable and thread-safe; the engine builds one per arm per
 * config snapshot, not per request.
 */
public final class ExperimentParams {
  private static final ExperimentParams EMPTY = new ExperimentParams(Map.of(), Map.of());

  private final Map<String, Object> values;
  private final Map<String, ParamType> types;

  private ExperimentParams(Map<String, Object> values, Map<String, ParamType> types) {
    this.values = values;
    this.types = types;
  }

  public static ExperimentParams empty() {
    return EMPTY;
  }

  /**
   * Resolves an arm's params: arm, then layer, then scene value, then the spec default. Values
   * that do not fit the spec throw {@link IllegalArgumentException}; a validated config never does.
   */
  public static ExperimentParams resolve(
      List<ParamSpec> specs, SceneConfig scene, LayerConfig layer, ArmConfig arm) {
    Map<String, Object> chosen = new LinkedHashMap<>();
    for (ParamSpec spec : specs) {
      String n = spec.name();
      if (arm.params().containsKey(n)) {
        chosen.put(n, arm.params().get(n));
      } else if (layer.params().containsKey(n)) {
        chosen.put(n, layer.params().get(n));
      } else if (scene.params().containsKey(n)) {
        chosen.put(n, scene.params().get(n));
      }
    }
    return of(specs, chosen);
  }

  /**
   * Params from explicit values (defaults for the rest); handy for tests of single experiments.
   * Unknown names and bad values throw {@link IllegalArgumentException}.
   */
  public static ExperimentParams of(List<ParamSpec> specs, Map<String, ?> overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, ParamType> types = new LinkedHashMap<>();
    for (ParamSpec spec : specs) {
      Object v = overrides.containsKey(spec.name()) ? overrides.get(spec.name()) : spec.defaultValue();
      String problem = spec.problemWith(v);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      values.put(spec.name(), spec.normalize(v));
      types.put(spec.name(), spec.type());
    }
    for (String name : overrides.keySet()) {
      if (!types.containsKey(name)) {
        throw new IllegalArgumentException("unknown param '" + name + "'; declared: " + types.keySet());
      }
    }
    return new ExperimentParams(Collections.unmodifiableMap(values), Collections.unmodifiableMap(types));
  }

  public int getInt(String name) {
    return (Integer) typed(name, ParamType.INT, "getInt");
  }

  /** Also reads INT params, widened, so an experiment can loosen a param's type later. */
  public double getDouble(String name) {
    ParamType t = typeOf(name);
    if (t == ParamType.INT) {
      return (Integer) values.get(name);
    }
    return (Double) typed(name, ParamType.DOUBLE, "getDouble");
  }

  public boolean getBoolean(String name) {
    return (Boolean) typed(name, ParamType.BOOLEAN, "getBoolean");
  }

  public String getString(String name) {
    return (String) typed(name, ParamType.STRING, "getString");
  }

  /** All resolved values in declaration order (Integer, Double, Boolean or String). */
  public Map<String, Object> asMap() {
    return values;
  }

  private Object typed(String name, ParamType expected, String getter) {
    ParamType t = typeOf(name);
    if (t != expected) {
      throw new IllegalArgumentException(
          "param '" + name + "' is " + t.label() + ", not " + expected.label() + "; " + getter + " cannot read it");
    }
    return values.get(name);
  }

  private ParamType typeOf(String name) {
    Objects.requireNonNull(name, "name");
    ParamType t = types.get(name);
    if (t == null) {
      throw new IllegalArgumentException("unknown param '" + name + "'; known params: " + types.keySet());
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExperimentParams p && p.values.equals(values) && p.types.equals(types);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "ExperimentParams" + values;
  }
}
