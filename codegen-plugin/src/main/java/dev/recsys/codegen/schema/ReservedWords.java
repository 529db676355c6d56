package dev.recsys.codegen.schema;

import java.util.Set;
import java.util.TreeSet;

/**
 * Names a schema may not use for an entity, table or column. Generated entities use names
 * unquoted in SQL (Hibernate's default) and as Java identifiers, so a word that is reserved in
 * either place would break at runtime or compile time instead of here. The list is the SQL
 * reserved words that H2 2.x and PostgreSQL both reject as plain identifiers, plus all Java
 * keywords and contextual keywords. README.md lists them for schema authors; keep both in sync.
 *
 * <p>Deliberately absent: {@code year}, {@code month}, {@code day}, {@code hour}, {@code minute},
 * {@code second} (H2 keywords, but common feature names; PostgreSQL accepts them, and H2 accepts
 * them with {@code NON_KEYWORDS=YEAR,...} in the JDBC URL).
 */
public final class ReservedWords {
  private ReservedWords() {}

  /** SQL reserved words (lower case). */
  public static final Set<String> SQL = Set.of(
      "all", "alter", "and", "any", "array", "as", "asc", "between", "both", "by", "case", "cast",
      "check", "column", "constraint", "create", "cross", "current_date", "current_time",
      "current_timestamp", "current_user", "default", "delete", "desc", "distinct", "drop",
      "else", "end", "except", "exists", "false", "fetch", "for", "foreign", "from", "full",
      "grant", "group", "having", "in", "index", "inner", "insert", "intersect", "interval",
      "into", "is", "join", "key", "leading", "left", "like", "limit", "minus", "natural", "not",
      "null", "offset", "on", "or", "order", "over", "partition", "primary", "qualify", "range",
      "references", "right", "row", "rownum", "rows", "select", "session_user", "set", "some",
      "system_user", "table", "then", "to", "top", "trailing", "true", "union", "unique",
      "update", "user", "using", "value", "values", "when", "where", "window", "with");

  /** Java keywords, literals and contextual keywords. */
  public static final Set<String> JAVA = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "false", "final",
      "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
      "interface", "long", "native", "new", "non_sealed", "null", "package", "permits", "private",
      "protected", "public", "record", "return", "sealed", "short", "static", "strictfp", "super",
      "switch", "synchronized", "this", "throw", "throws", "transient", "true", "try", "var",
      "void", "volatile", "while", "yield");

  public static boolean isReserved(String name) {
    return SQL.contains(name) || JAVA.contains(name);
  }

  /** All reserved words, sorted; for documentation and messages. */
  public static Set<String> all() {
    TreeSet<String> all = new TreeSet<>(SQL);
    all.addAll(JAVA);
    return all;
  }
}
