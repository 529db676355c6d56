package dev.recsys.codegen.schema;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when one or more schema files are invalid; carries every problem found, not the first. */
public final class SchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public SchemaException(List<Problem> problems) {
    super(problems.size() + " feature schema problem(s):\n"
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
