package dev.recsys.experiment;

import java.util.Objects;

/**
 * A typed experiment parameter with a default and, for numbers, inclusive bounds. Config values
 * are checked against it when a config is validated, so a bad value never reaches a request.
 *
 * @param defaultValue used when no scene, layer or arm sets the parameter; normalised to
 *     {@code Integer}, {@code Double}, {@code Boolean} or {@code String}
 * @param min inclusive lower bound for INT/DOUBLE, or null for none
 * @param max inclusive upper bound for INT/DOUBLE, or null for none
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, Double min, Double max) {

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type for param " + name);
    if (name.isBlank()) {
      throw new IllegalArgumentException("param name must not be blank");
    }
    boolean numeric = type == ParamType.INT || type == ParamType.DOUBLE;
    if (!numeric && (min != null || max != null)) {
      throw new IllegalArgumentException("param '" + name + "' is " + type.label() + "; only int and double params take bounds");
    }
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("param '" + name + "' has min " + min + " > max " + max);
    }
    // Reusing the config check here catches a bad default when the experiment class loads,
    // not when the first config that omits the param is applied.
    String problem = problemWith(name, type, min, max, defaultValue);
    if (problem != null) {
      throw new IllegalArgumentException("default of " + problem);
    }
    defaultValue = normalize(type, defaultValue);
  }

  public static ParamSpec ofInt(String name, int def, int min, int max) {
    return new ParamSpec(name, ParamType.INT, def, (double) min, (double) max);
  }

  public static ParamSpec ofDouble(String name, double def, double min, double max) {
    return new ParamSpec(name, ParamType.DOUBLE, def, min, max);
  }

  public static ParamSpec ofBoolean(String name, boolean def) {
    return new ParamSpec(name, ParamType.BOOLEAN, def, null, null);
  }

  public static ParamSpec ofString(String name, String def) {
    return new ParamSpec(name, ParamType.STRING, def, null, null);
  }

  /** Why {@code value} is not acceptable for this param, or null when it is. */
  String problemWith(Object value) {
    return problemWith(name, type, min, max, value);
  }

  /** {@code value} (already checked) converted to the one Java type this param's getter returns. */
  Object normalize(Object value) {
    return normalize(type, value);
  }

  /** Human-readable bounds, e.g. "[1, 1000]", for messages and docs. */
  String boundsText() {
    return bounds(type, min, max);
  }

  private static String problemWith(String name, ParamType type, Double min, Double max, Object value) {
    String subject = "param '" + name + "'";
    if (value == null) {
      return subject + " has no value; expected " + type.label();
    }
    double numeric;
    switch (type) {
      case INT -> {
        if (!isIntegral(value)) {
          return subject + " must be an int, got " + describe(value) + hint(value);
        }
        long v = ((Number) value).longValue();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          return subject + " = " + v + " does not fit in an int";
        }
        numeric = v;
      }
      case DOUBLE -> {
        // An int where a double is expected is fine: people write "weight: 1" for 1.0.
        if (!(isIntegral(value) || value instanceof Double || value instanceof Float)) {
          return subject + " must be a double, got " + describe(value) + hint(value);
        }
        numeric = ((Number) value).doubleValue();
        if (!Double.isFinite(numeric)) {
          return subject + " must be a finite double, got " + value;
        }
      }
      case BOOLEAN -> {
        return value instanceof Boolean ? null : subject + " must be a boolean (true/false), got " + describe(value) + hint(value);
      }
      case STRING -> {
        return value instanceof String
            ? null
            : subject + " must be a string, got " + describe(value) + "; quote it to make it a string";
      }
      default -> throw new AssertionError(type);
    }
    if ((min != null && numeric < min) || (max != null && numeric > max)) {
      return subject + " = " + value + " is out of bounds " + bounds(type, min, max);
    }
    return null;
  }

  private static Object normalize(ParamType type, Object value) {
    return switch (type) {
      case INT -> ((Number) value).intValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case BOOLEAN, STRING -> value;
    };
  }

  private static boolean isIntegral(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
  }

  static String describe(Object v) {
    if (v instanceof String s) {
      return "string \"" + s + "\"";
    }
    if (isIntegral(v)) {
      return "int " + v;
    }
    if (v instanceof Double || v instanceof Float) {
      return "double " + v;
    }
    if (v instanceof Boolean) {
      return "boolean " + v;
    }
    return v.getClass().getSimpleName() + " " + v;
  }

  private static String hint(Object v) {
    return v instanceof String ? " (remove the quotes if it is meant as a number or boolean)" : "";
  }

  private static String bounds(ParamType type, Double min, Double max) {
    return "[" + (min == null ? "-inf" : fmt(type, min)) + ", " + (max == null ? "+inf" : fmt(type, max)) + "]";
  }

  private static String fmt(ParamType type, double bound) {
    return type == ParamType.INT ? Long.toString((long) bound) : Double.toString(bound);
  }
}
