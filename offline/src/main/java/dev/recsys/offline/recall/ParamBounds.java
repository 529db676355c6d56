package dev.recsys.offline.recall;

/** Range checks for the builders' typed parameters; the message names the parameter and its bounds. */
final class ParamBounds {

  private ParamBounds() {}

  static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  static void check(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
