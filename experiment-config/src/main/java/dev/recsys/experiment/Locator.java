package dev.recsys.experiment;

/**
 * Turns a config path such as {@code ("scenes", "home", "layers", "1", "arms", "0", "weight")}
 * into the place a person should look: "file:line:column" when the config came from YAML, else
 * a dotted path like {@code scenes.home.layers[1].arms[0].weight}.
 */
interface Locator {

  String where(String... path);

  /** For configs built in code: there is no file, so the path is the place. */
  Locator PATHS = Locator::dotted;

  static String dotted(String... path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.length; i++) {
      boolean index = i > 0 && ("layers".equals(path[i - 1]) || "arms".equals(path[i - 1]));
      if (index) {
        sb.append('[').append(path[i]).append(']');
      } else {
        if (i > 0) {
          sb.append('.');
        }
        sb.append(path[i]);
      }
    }
    return sb.length() == 0 ? "<config>" : sb.toString();
  }

  /** Map key for a path; NUL cannot occur in YAML keys we accept, so names with dots are safe. */
  static String key(String... path) {
    return String.join("\u0000", path);
  }
}
