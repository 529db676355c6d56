package dev.recsys.api.arrow;

/** An Arrow payload that cannot be read; the message names the payload and what was expected. */
public final class ArrowPayloadException extends IllegalArgumentException {
  public ArrowPayloadException(String message) {
    super(message);
  }

  public ArrowPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
