package dev.recsys.feature.write;

/**
 * A request the service refuses, naming the offending field (e.g. {@code events[3].type}) so the
 * caller can fix it. gRPC answers INVALID_ARGUMENT, REST a 400 problem whose {@code field} is set.
 */
public final class InvalidInputException extends IllegalArgumentException {

  private final String field;

  public InvalidInputException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  /** The field as the caller named it, e.g. {@code events[3].user_id}. */
  public String field() {
    return field;
  }
}
