package dev.recsys.transform;

import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.transform.TableSchema.ColumnSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes materialized feature tables as CSV with a header row that must list the
 * schema's columns in order. Values never contain commas (ids, codes, categories), so no quoting.
 * An empty field is a null. Errors name file:line and the column.
 */
public final class CsvTables {

  private CsvTables() {}

  public static ColumnBatch read(Path file, TableSchema schema) {
    List<String[]> rows = new ArrayList<>();
    CsvRows.read(file, schema.columnNames(), (lineNo, fields) -> {
      if (fields[0].isEmpty()) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": empty key '" + schema.key() + "'");
      }
      validate(file, lineNo, schema, fields);
      rows.add(fields);
    });
    return toBatch(schema, rows);
  }

  private static void validate(Path file, int lineNo, TableSchema schema, String[] fields) {
    for (int c = 1; c < fields.length; c++) {
      ColumnSpec spec = schema.columns().get(c);
      String v = fields[c];
      if (v.isEmpty() || spec.type() == ColumnType.STRING) {
        continue;
      }
      try {
        switch (spec.type()) {
          case INT32 -> Integer.parseInt(v);
          case INT64 -> Long.parseLong(v);
          case FLOAT32, FLOAT64 -> Double.parseDouble(v);
          case BOOL -> {
            if (!v.equals("true") && !v.equals("false")) {
              throw new NumberFormatException();
            }
          }
          default -> throw new IllegalStateException("unsupported type " + spec.type());
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": column '" + spec.name()
            + "' must be " + spec.type() + ", found '" + v + "'");
      }
    }
  }

  /** Builds a batch from string fields already checked against the schema. */
  public static ColumnBatch toBatch(TableSchema schema, List<String[]> rows) {
    int n = rows.size();
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < schema.columns().size(); c++) {
      ColumnSpec spec = schema.columns().get(c);
      boolean[] nulls = new boolean[n];
      boolean anyNull = false;
      for (int r = 0; r < n; r++) {
        nulls[r] = rows.get(r)[c].isEmpty();
        anyNull |= nulls[r];
      }
      Object values = switch (spec.type()) {
        case STRING -> {
          String[] v = new String[n];
          for (int r = 0; r < n; r++) {
            v[r] = nulls[r] ? null : rows.get(r)[c];
          }
          yield v;
        }
        case INT32 -> {
          int[] v = new int[n];
          for (int r = 0; r < n; r++) {
            v[r] = nulls[r] ? 0 : Integer.parseInt(rows.get(r)[c]);
          }
          yield v;
        }
        case INT64 -> {
          long[] v = new long[n];
          for (int r = 0; r < n; r++) {
            v[r] = nulls[r] ? 0 : Long.parseLong(rows.get(r)[c]);
          }
          yield v;
        }
        case FLOAT32 -> {
          float[] v = new float[n];
          for (int r = 0; r < n; r++) {
            v[r] = nulls[r] ? 0 : Float.parseFloat(rows.get(r)[c]);
          }
          yield v;
        }
        case FLOAT64 -> {
          double[] v = new double[n];
          for (int r = 0; r < n; r++) {
            v[r] = nulls[r] ? 0 : Double.parseDouble(rows.get(r)[c]);
          }
          yield v;
        }
        case BOOL -> {
          boolean[] v = new boolean[n];
          for (int r = 0; r < n; r++) {
            v[r] = !nulls[r] && rows.get(r)[c].equals("true");
          }
          yield v;
        }
        default -> throw new IllegalStateException("unsupported type " + spec.type());
      };
      columns.add(new Column(spec.name(), spec.type(), 1, values,
          anyNull && spec.type() != ColumnType.STRING ? nulls : null));
    }
    return new ColumnBatch(n, columns);
  }

  /** Writes the batch with a header; the batch's columns must be the schema's, in order. */
  public static void write(Path file, TableSchema schema, ColumnBatch batch) {
    List<String> names = batch.columns().stream().map(Column::name).toList();
    if (!names.equals(schema.columnNames())) {
      throw new IllegalArgumentException("batch columns " + names + " differ from the "
          + schema.entity() + " schema " + schema.columnNames());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(String.join(",", names));
        out.write('\n');
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < batch.rowCount(); r++) {
          line.setLength(0);
          for (int c = 0; c < batch.columns().size(); c++) {
            if (c > 0) {
              line.append(',');
            }
            Object v = batch.columns().get(c).get(r);
            if (v != null) {
              line.append(v);
            }
          }
          out.write(line.append('\n').toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
