package dev.recsys.api.arrow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable set of equally long columns: the Java face of one Arrow RecordBatch. */
public record ColumnBatch(int rowCount, List<Column> columns) {

  public ColumnBatch {
    columns = List.copyOf(columns);
    Map<String, Column> seen = new LinkedHashMap<>();
    for (Column c : columns) {
      if (seen.put(c.name(), c) != null) {
        throw new IllegalArgumentException("duplicate column '" + c.name() + "'");
      }
      if (c.length() != rowCount) {
        throw new IllegalArgumentException("column '" + c.name() + "' has " + c.length()
            + " rows; the batch has " + rowCount);
      }
    }
  }

  public static ColumnBatch of(Column... columns) {
    int rows = columns.length == 0 ? 0 : columns[0].length();
    return new ColumnBatch(rows, List.of(columns));
  }

  public Optional<Column> find(String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The named column, or an error that lists the columns the batch has. */
  public Column column(String name) {
    return find(name).orElseThrow(() -> new ArrowPayloadException("no column '" + name
        + "'; the batch has " + columns.stream().map(Column::name).toList()));
  }
}
