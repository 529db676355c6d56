package dev.recsys.codegen.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One validated schema file: a feature entity. Immutable; built only by {@link SchemaParser}.
 *
 * @param source the file name relative to the schema directory, with '/' separators (used in
 *     messages and in generated headers, so generated code does not depend on the build machine)
 * @param entity lower_snake entity name
 * @param table SQL table name
 * @param description free text, empty if none
 * @param cacheTtl cache TTL or null if none
 * @param key key column names, in key order
 * @param columns all columns in schema order
 */
public record FeatureSchema(
    String source,
    String entity,
    String table,
    String description,
    Duration cacheTtl,
    List<String> key,
    List<ColumnDef> columns) {

  public FeatureSchema {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
    description = description == null ? "" : description;
  }

  public Optional<ColumnDef> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The key columns in key order. */
  public List<ColumnDef> keyColumns() {
    return key.stream().map(k -> column(k).orElseThrow()).toList();
  }

  public boolean compositeKey() {
    return key.size() > 1;
  }
}
