package dev.recsys.transform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the suite's comma-separated files: a header that must equal the expected columns, then
 * rows with exactly that many fields (no quoting: values never hold commas; blank lines are
 * skipped). Every error names {@code file:line} and what was expected.
 */
public final class CsvRows {

  /** Receives one data row; may throw {@link IllegalArgumentException} to reject it. */
  @FunctionalInterface
  public interface Handler {
    void row(int lineNo, String[] fields);
  }

  private CsvRows() {}

  public static void read(Path file, List<String> columns, Handler handler) {
    String expected = String.join(",", columns);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().equals(expected)) {
        throw new IllegalArgumentException(file + ":1: header must be '" + expected + "', found '"
            + (header == null ? "<empty file>" : header) + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != columns.size()) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": expected " + columns.size()
              + " comma-separated fields " + columns + ", found " + fields.length);
        }
        handler.row(lineNo, fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a long field or fails naming the place, the column and the value. */
  public static long parseLong(Path file, int lineNo, String column, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": column '" + column + "' must be an integer, found '" + value + "'");
    }
  }

  /** Parses a double field or fails naming the place, the column and the value. */
  public static double parseDouble(Path file, int lineNo, String column, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": column '" + column + "' must be a number, found '" + value + "'");
    }
  }
}
