package dev.recsys.offline.data;

import java.util.Locale;

/** Synthetic dataset sizes; {@code DEFAULT} is shaped like MovieLens-1M. */
public enum Size {
  SMALL(300, 200, 20_000),
  DEFAULT(6040, 3700, 1_000_000);

  private final int users;
  private final int items;
  private final int interactions;

  Size(int users, int items, int interactions) {
    this.users = users;
    this.items = items;
    this.interactions = interactions;
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  public int interactions() {
    return interactions;
  }

  /** Lower-case name as the CLI and dataset.json spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code small} or {@code default}, naming the valid values on error. */
  public static Size parse(String s) {
    for (Size size : values()) {
      if (size.label().equalsIgnoreCase(s.strip())) {
        return size;
      }
    }
    throw new IllegalArgumentException("unknown size '" + s + "'; expected small or default");
  }
}
