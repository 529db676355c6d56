package dev.recsys.codegen.schema;

/**
 * A schema problem at a place in a file. {@link #toString()} is the user-facing form
 * {@code file:line:column: message}, the form editors and CI log parsers turn into links.
 */
public record Problem(String file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
