package dev.recsys.codegen.schema;

/** Identifier conversions shared by the parser (collision checks) and the generators. */
public final class Names {
  private Names() {}

  /** {@code user_item} -> {@code UserItem}. */
  public static String pascal(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    for (String part : snake.split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }

  /** {@code item_id} -> {@code itemId}. */
  public static String camel(String snake) {
    String pascal = pascal(snake);
    return pascal.isEmpty() ? pascal : Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
  }
}
