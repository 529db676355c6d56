package dev.recsys.codegen.schema;

import java.util.Arrays;
import java.util.Optional;

/** The scalar types a feature column (or a list/map element) may have, by their schema spelling. */
public enum ScalarKind {
  BOOL("bool"),
  INT("int"),
  LONG("long"),
  FLOAT("float"),
  DOUBLE("double"),
  STRING("string"),
  TIMESTAMP("timestamp"),
  DECIMAL("decimal");

  private final String spelling;

  ScalarKind(String spelling) {
    this.spelling = spelling;
  }

  /** The name as written in a schema file, e.g. {@code "timestamp"}. */
  public String spelling() {
    return spelling;
  }

  /** PascalCase form used in generated class names, e.g. {@code StringLongMapConverter}. */
  public String pascal() {
    return Character.toUpperCase(spelling.charAt(0)) + spelling.substring(1);
  }

  public static Optional<ScalarKind> fromSpelling(String text) {
    return Arrays.stream(values()).filter(k -> k.spelling.equals(text)).findFirst();
  }
}
