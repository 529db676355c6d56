package dev.recsys.registry.validate;

/** An artifact the registry refuses; the message names the file and what would be valid. */
public final class InvalidArtifactException extends RuntimeException {
  public InvalidArtifactException(String message) {
    super(message);
  }

  public InvalidArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
