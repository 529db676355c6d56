package dev.recsys.experiment;

import java.util.List;

/**
 * A config that cannot be used. Carries every problem found, not just the first, so one edit
 * cycle can fix them all; each problem names the place (file:line:column or a config path).
 */
public class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order found (file order where the config came from YAML). */
  public List<String> problems() {
    return problems;
  }
}
