package dev.recsys.experiment;

/** Value types an experiment parameter can have. */
public enum ParamType {
  INT,
  DOUBLE,
  BOOLEAN,
  STRING;

  /** Lower-case name used in messages, matching how people write YAML. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
