package dev.recsys.offline.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dataset directory layout, a contract other services read, and its readers and writers.
 *
 * <pre>
 * users.csv             user_id,gender,age,occupation
 * items.csv             item_id,title,category,year
 * interactions.csv      user_id,item_id,timestamp,rating,label
 * dataset.json          source, seed, size, counts, time range
 * split/train.csv       same columns as interactions.csv (written by the split job)
 * split/test.csv
 * features/users.csv    FeatureTables.USER columns (features job)
 * features/items.csv    FeatureTables.ITEM columns
 * popular/popular.csv   item_id,score
 * popular/by_category.csv category,item_id,score
 * models/lightgbm/VERSION/{model.txt,metadata.json}
 * </pre>
 *
 * <p>No field contains a comma, so there is no quoting. An empty field is a missing value.
 * Readers reject bad input with {@code file:line: what was expected, what was found}.
 */
public final class DatasetFiles {

  public static final String USERS_HEADER = "user_id,gender,age,occupation";
  public static final String ITEMS_HEADER = "item_id,title,category,year";
  public static final String INTERACTIONS_HEADER = "user_id,item_id,timestamp,rating,label";

  private DatasetFiles() {}

  public static Path users(Path dir) {
    return dir.resolve("users.csv");
  }

  public static Path items(Path dir) {
    return dir.resolve("items.csv");
  }

  public static Path interactions(Path dir) {
    return dir.resolve("interactions.csv");
  }

  public static Path info(Path dir) {
    return dir.resolve("dataset.json");
  }

  public static Path train(Path dir) {
    return dir.resolve("split").resolve("train.csv");
  }

  public static Path test(Path dir) {
    return dir.resolve("split").resolve("test.csv");
  }

  public static Path userFeatures(Path dir) {
    return dir.resolve("features").resolve("users.csv");
  }

  public static Path itemFeatures(Path dir) {
    return dir.resolve("features").resolve("items.csv");
  }

  public static Path popular(Path dir) {
    return dir.resolve("popular").resolve("popular.csv");
  }

  public static Path popularByCategory(Path dir) {
    return dir.resolve("popular").resolve("by_category.csv");
  }

  public static Path model(Path dir, String name, String version) {
    return dir.resolve("models").resolve(name).resolve(version);
  }

  /** Titles and categories must not break the comma-separated, unquoted layout. */
  public static String clean(String s) {
    return s.replace(',', ' ').replace('\n', ' ').replace('\r', ' ').strip();
  }

  // ---------------------------------------------------------------- write

  public static void write(Path dir, Dataset d, DatasetInfo info) {
    try {
      Files.createDirectories(dir);
      writeUsers(users(dir), d.users());
      writeItems(items(dir), d.items());
      writeInteractions(interactions(dir), d.users(), d.items(), d.interactions());
      info.write(info(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dataset to " + dir + ": " + e.getMessage(), e);
    }
  }

  static void writeUsers(Path file, Users u) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(USERS_HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < u.size(); i++) {
        line.setLength(0);
        line.append(u.ids()[i]).append(',');
        if (u.genders()[i] != null) {
          line.append(u.genders()[i]);
        }
        line.append(',');
        appendInt(line, u.ages()[i]).append(',');
        appendInt(line, u.occupations()[i]).append('\n');
        out.write(line.toString());
      }
    }
  }

  static void writeItems(Path file, Items it) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(ITEMS_HEADER);
      out.write('\n');
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < it.size(); i++) {
        line.setLength(0);
        line.append(it.ids()[i]).append(',').append(clean(it.titles()[i])).append(',')
            .append(clean(it.categories()[i])).append(',');
        appendInt(line, it.years()[i]).append('\n');
        out.write(line.toString());
      }
    }
  }

  /** Writes interactions with ids resolved through the given tables. */
  public static void writeInteractions(Path file, Users u, Items it, Interactions in) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(INTERACTIONS_HEADER);
        out.write('\n');
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < in.size(); k++) {
          line.setLength(0);
          line.append(u.ids()[in.users()[k]]).append(',').append(it.ids()[in.items()[k]]).append(',')
              .append(in.timestamps()[k]).append(',');
          if (in.ratings()[k] != 0) {
            line.append(in.ratings()[k]);
          }
          line.append(',').append(in.labels()[k]).append('\n');
          out.write(line.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static StringBuilder appendInt(StringBuilder b, int v) {
    return v == Users.MISSING ? b : b.append(v);
  }

  // ---------------------------------------------------------------- read

  /** Reads users.csv, items.csv and interactions.csv of {@code dir}. */
  public static Dataset read(Path dir) {
    Users u = readUsers(users(dir));
    Items it = readItems(items(dir));
    return new Dataset(u, it, readInteractions(interactions(dir), u, it));
  }

  public static Users readUsers(Path file) {
    List<String[]> rows = readRows(file, USERS_HEADER);
    int n = rows.size();
    String[] ids = new String[n];
    String[] genders = new String[n];
    int[] ages = new int[n];
    int[] occupations = new int[n];
    for (int i = 0; i < n; i++) {
      String[] f = rows.get(i);
      int line = lineOf(f);
      ids[i] = key(file, line, f[0], "user_id");
      genders[i] = f[1].isEmpty() ? null : f[1];
      if (genders[i] != null && !genders[i].equals("M") && !genders[i].equals("F")) {
        throw new IllegalArgumentException(file + ":" + line + ": column 'gender' must be M, F or empty, found '"
            + f[1] + "'");
      }
      ages[i] = optInt(file, line, "age", f[2]);
      occupations[i] = optInt(file, line, "occupation", f[3]);
    }
    checkUnique(file, ids, rows, "user_id");
    return new Users(ids, genders, ages, occupations);
  }

  public static Items readItems(Path file) {
    List<String[]> rows = readRows(file, ITEMS_HEADER);
    int n = rows.size();
    String[] ids = new String[n];
    String[] titles = new String[n];
    String[] categories = new String[n];
    int[] years = new int[n];
    for (int i = 0; i < n; i++) {
      String[] f = rows.get(i);
      int line = lineOf(f);
      ids[i] = key(file, line, f[0], "item_id");
      titles[i] = f[1];
      categories[i] = f[2];
      years[i] = optInt(file, line, "year", f[3]);
    }
    checkUnique(file, ids, rows, "item_id");
    return new Items(ids, titles, categories, years);
  }

  /** Reads an interactions file whose ids must all be in {@code u} and {@code it}. */
  public static Interactions readInteractions(Path file, Users u, Items it) {
    Map<String, Integer> userIndex = u.index();
    Map<String, Integer> itemIndex = it.index();
    int[] users = new int[1024];
    int[] items = new int[1024];
    long[] ts = new long[1024];
    byte[] ratings = new byte[1024];
    byte[] labels = new byte[1024];
    int n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      checkHeader(file, in.readLine(), INTERACTIONS_HEADER);
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = fields(file, lineNo, line, INTERACTIONS_HEADER, 5);
        if (n == users.length) {
          int cap = n * 2;
          users = java.util.Arrays.copyOf(users, cap);
          items = java.util.Arrays.copyOf(items, cap);
          ts = java.util.Arrays.copyOf(ts, cap);
          ratings = java.util.Arrays.copyOf(ratings, cap);
          labels = java.util.Arrays.copyOf(labels, cap);
        }
        Integer user = userIndex.get(f[0]);
        if (user == null) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": unknown user_id '" + f[0]
              + "' (not in " + file.resolveSibling("users.csv").getFileName() + ")");
        }
        Integer item = itemIndex.get(f[1]);
        if (item == null) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": unknown item_id '" + f[1]
              + "' (not in " + file.resolveSibling("items.csv").getFileName() + ")");
        }
        users[n] = user;
        items[n] = item;
        try {
          ts[n] = Long.parseLong(f[2]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ":" + lineNo
              + ": column 'timestamp' must be epoch seconds (an integer), found '" + f[2] + "'");
        }
        int rating = optInt(file, lineNo, "rating", f[3]);
        if (rating != Users.MISSING && (rating < 1 || rating > 5)) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": column 'rating' must be 1..5 or empty, found '"
              + f[3] + "'");
        }
        ratings[n] = rating == Users.MISSING ? 0 : (byte) rating;
        if (!f[4].equals("0") && !f[4].equals("1")) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": column 'label' must be 0 or 1, found '"
              + f[4] + "'");
        }
        labels[n] = (byte) (f[4].charAt(0) - '0');
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new Interactions(java.util.Arrays.copyOf(users, n), java.util.Arrays.copyOf(items, n),
        java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(ratings, n), java.util.Arrays.copyOf(labels, n));
  }

  /** Rows of a small table; the last element of each row is its line number. */
  private static List<String[]> readRows(Path file, String header) {
    int width = header.split(",").length;
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      checkHeader(file, in.readLine(), header);
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = fields(file, lineNo, line, header, width);
        String[] withLine = java.util.Arrays.copyOf(f, width + 1);
        withLine[width] = Integer.toString(lineNo);
        rows.add(withLine);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static int lineOf(String[] row) {
    return Integer.parseInt(row[row.length - 1]);
  }

  private static void checkHeader(Path file, String found, String expected) {
    if (found == null || !found.strip().equals(expected)) {
      throw new IllegalArgumentException(file + ":1: header must be '" + expected + "', found '"
          + (found == null ? "<empty file>" : found) + "'");
    }
  }

  private static String[] fields(Path file, int lineNo, String line, String header, int width) {
    String[] f = line.split(",", -1);
    if (f.length != width) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": expected " + width
          + " comma-separated fields " + header + ", found " + f.length);
    }
    return f;
  }

  private static String key(Path file, int line, String v, String column) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException(file + ":" + line + ": empty " + column);
    }
    return v;
  }

  private static int optInt(Path file, int line, String column, String v) {
    if (v.isEmpty()) {
      return Users.MISSING;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ":" + line + ": column '" + column
          + "' must be an integer or empty, found '" + v + "'");
    }
  }

  private static void checkUnique(Path file, String[] ids, List<String[]> rows, String column) {
    Map<String, Integer> seen = new java.util.HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      Integer prev = seen.put(ids[i], i);
      if (prev != null) {
        throw new IllegalArgumentException(file + ":" + lineOf(rows.get(i)) + ": duplicate " + column + " '"
            + ids[i] + "' (first on line " + lineOf(rows.get(prev)) + ")");
      }
    }
  }
}
