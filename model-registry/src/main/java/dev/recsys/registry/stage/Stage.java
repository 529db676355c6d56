package dev.recsys.registry.stage;

/** Where a version is in its life: published, serving, or retired. */
public enum Stage {
  STAGING, PRODUCTION, ARCHIVED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
