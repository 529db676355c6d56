package dev.recsys.transform;

import dev.recsys.api.arrow.ColumnType;
import java.util.List;
import java.util.Optional;

/**
 * The columns of one feature entity as the feature store keeps them and as the model inputs read
 * them. The first column is the key. Offline jobs write materialized feature files with exactly
 * these columns and the feature service serves exactly these columns, which is what keeps the
 * offline and online rows equal.
 */
public record TableSchema(String entity, List<ColumnSpec> columns) {

  /** One typed column; {@code type} is one of STRING, INT32, INT64, FLOAT32, FLOAT64, BOOL. */
  public record ColumnSpec(String name, ColumnType type, String description) {}

  public TableSchema {
    columns = List.copyOf(columns);
    if (columns.isEmpty() || columns.get(0).type() != ColumnType.STRING) {
      throw new IllegalArgumentException(entity + ": the first column must be a STRING key");
    }
  }

  public String key() {
    return columns.get(0).name();
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
