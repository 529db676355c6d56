package dev.recsys.codegen.schema;

import java.util.Objects;

/**
 * One column of a feature entity.
 *
 * @param name lower_snake column name
 * @param type the column type
 * @param nullable whether the column may hold null
 * @param description free text, empty if none
 * @param defaultValue the default literal as written (already validated against the type), or
 *     null if none
 * @param precision decimal precision (decimal only; otherwise 0)
 * @param scale decimal scale (decimal only; otherwise 0)
 */
public record ColumnDef(
    String name,
    FieldType type,
    boolean nullable,
    String description,
    String defaultValue,
    int precision,
    int scale) {

  /** Used when a decimal column gives no precision: the widest a 128-bit Arrow decimal holds. */
  public static final int DEFAULT_DECIMAL_PRECISION = 38;

  /** Used when a decimal column gives no scale. */
  public static final int DEFAULT_DECIMAL_SCALE = 10;

  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  /** The scalar kind if this is a scalar column. */
  public ScalarKind scalarKind() {
    return type instanceof FieldType.Scalar s ? s.kind() : null;
  }
}
