package dev.recsys.gateway.web;

/** A request that names a field with a bad value; becomes a 400 problem that names the field. */
final class BadRequest extends RuntimeException {
  private final String field;

  BadRequest(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
