package dev.recsys.offline.movielens;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.DatasetInfo;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a MovieLens directory into the dataset layout of {@link DatasetFiles}.
 *
 * <p>The format is detected by which files the directory holds: {@code ratings.dat},
 * {@code users.dat}, {@code movies.dat} is ML-1M; {@code u.data}, {@code u.user}, {@code u.item} is
 * ML-100K. Both are read as ISO-8859-1 (Latin-1), their published encoding.
 *
 * <ul>
 *   <li>label = 1 when rating >= 4, else 0; the rating is kept in the rating column.
 *   <li>category = the movie's first genre (ML-1M: first of {@code Genre1|Genre2}; ML-100K: first
 *       set flag in genre order), or "unknown".
 *   <li>year = the "(yyyy)" at the end of the title (ML-1M), the year of the release date
 *       {@code dd-MMM-yyyy} (ML-100K, the title's year when the date is empty); empty if neither.
 *   <li>title = without the "(yyyy)" suffix, commas replaced by spaces.
 *   <li>age: ML-1M gives the bracket lower bound (1, 18, 25, ...); ML-100K gives years, kept as is.
 *   <li>occupation: ML-1M's code 0..20 as is; ML-100K's names become the index of the name in the
 *       sorted list of distinct names in u.user (so "administrator" = 0, "artist" = 1, ... in the
 *       published file), which is stable for a given file.
 *   <li>interactions are written in timestamp order, ties in file order.
 * </ul>
 *
 * <p>Bad input fails with {@code file:line: expected ..., found ...}.
 */
public final class MovieLensImporter {

  /** The two supported formats. */
  public enum Format {
    ML_1M("movielens-1m"),
    ML_100K("movielens-100k");

    private final String source;

    Format(String source) {
      this.source = source;
    }

    public String source() {
      return source;
    }
  }

  static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's",
      "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
      "Romance", "Sci-Fi", "Thriller", "War", "Western"};
  private static final Pattern TITLE_YEAR = Pattern.compile("^(.*?)\\s*\\((\\d{4})\\)\\s*$");

  private MovieLensImporter() {}

  public static Format detect(Path in) {
    if (Files.exists(in.resolve("ratings.dat"))) {
      return Format.ML_1M;
    }
    if (Files.exists(in.resolve("u.data"))) {
      return Format.ML_100K;
    }
    throw new IllegalArgumentException(in + ": not a MovieLens directory; expected ratings.dat, users.dat,"
        + " movies.dat (ML-1M) or u.data, u.user, u.item (ML-100K)");
  }

  /** Reads the MovieLens files in {@code in} without writing anything. */
  public static Dataset read(Path in) {
    return detect(in) == Format.ML_1M ? read1m(in) : read100k(in);
  }

  /** Imports {@code in} into the dataset layout in {@code out}; returns what it wrote. */
  public static Dataset importTo(Path in, Path out) {
    Format format = detect(in);
    Dataset d = format == Format.ML_1M ? read1m(in) : read100k(in);
    DatasetFiles.write(out, d, DatasetInfo.of(format.source(), null, null, d));
    return d;
  }

  // ---------------------------------------------------------------- ML-1M

  static Dataset read1m(Path dir) {
    Lines users = Lines.open(dir.resolve("users.dat"), "::", "UserID::Gender::Age::Occupation::Zip-code");
    List<String> uid = new ArrayList<>();
    List<String> genders = new ArrayList<>();
    List<Integer> ages = new ArrayList<>();
    List<Integer> occupations = new ArrayList<>();
    for (String[] f; (f = users.next(5)) != null; ) {
      uid.add(users.id(f[0], "UserID"));
      if (!f[1].equals("M") && !f[1].equals("F")) {
        throw users.fail("expected Gender M or F, found '" + f[1] + "'");
      }
      genders.add(f[1]);
      ages.add(users.integer(f[2], "Age"));
      occupations.add(users.integer(f[3], "Occupation"));
    }
    Lines movies = Lines.open(dir.resolve("movies.dat"), "::", "MovieID::Title (Year)::Genre1|Genre2");
    List<String> iid = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    List<Integer> years = new ArrayList<>();
    for (String[] f; (f = movies.next(3)) != null; ) {
      iid.add(movies.id(f[0], "MovieID"));
      Matcher m = TITLE_YEAR.matcher(f[1]);
      titles.add(DatasetFiles.clean(m.matches() ? m.group(1) : f[1]));
      years.add(m.matches() ? Integer.parseInt(m.group(2)) : Users.MISSING);
      String genre = f[2].split("\\|", -1)[0].strip();
      categories.add(genre.isEmpty() ? "unknown" : DatasetFiles.clean(genre));
    }
    Users u = users(uid, genders, ages, occupations);
    Items it = items(iid, titles, categories, years);
    Lines ratings = Lines.open(dir.resolve("ratings.dat"), "::", "UserID::MovieID::Rating::Timestamp");
    return new Dataset(u, it, ratings(ratings, u, it, "UserID", "MovieID", "users.dat", "movies.dat"));
  }

  // ---------------------------------------------------------------- ML-100K

  static Dataset read100k(Path dir) {
    Lines users = Lines.open(dir.resolve("u.user"), "|", "user id|age|gender|occupation|zip code");
    List<String[]> userRows = new ArrayList<>();
    TreeSet<String> occupationNames = new TreeSet<>();
    List<String> uid = new ArrayList<>();
    List<String> genders = new ArrayList<>();
    List<Integer> ages = new ArrayList<>();
    for (String[] f; (f = users.next(5)) != null; ) {
      uid.add(users.id(f[0], "user id"));
      ages.add(users.integer(f[1], "age"));
      if (!f[2].equals("M") && !f[2].equals("F")) {
        throw users.fail("expected gender M or F, found '" + f[2] + "'");
      }
      genders.add(f[2]);
      occupationNames.add(f[3].strip());
      userRows.add(f);
    }
    List<String> sortedNames = new ArrayList<>(occupationNames);
    List<Integer> occupations = new ArrayList<>();
    for (String[] f : userRows) {
      occupations.add(sortedNames.indexOf(f[3].strip()));
    }
    Lines movies = Lines.open(dir.resolve("u.item"), "|",
        "movie id|movie title|release date|video release date|IMDb URL|19 genre flags");
    List<String> iid = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    List<Integer> years = new ArrayList<>();
    int width = 5 + ML100K_GENRES.length;
    for (String[] f; (f = movies.next(width)) != null; ) {
      iid.add(movies.id(f[0], "movie id"));
      Matcher m = TITLE_YEAR.matcher(f[1]);
      titles.add(DatasetFiles.clean(m.matches() ? m.group(1) : f[1]));
      int year = Users.MISSING;
      String date = f[2].strip();
      if (!date.isEmpty()) {
        if (!date.matches("\\d{1,2}-[A-Za-z]{3}-\\d{4}")) {
          throw movies.fail("expected release date dd-MMM-yyyy, found '" + f[2] + "'");
        }
        year = Integer.parseInt(date.substring(date.length() - 4));
      } else if (m.matches()) {
        year = Integer.parseInt(m.group(2));
      }
      years.add(year);
      String category = "unknown";
      for (int g = 0; g < ML100K_GENRES.length; g++) {
        String flag = f[5 + g].strip();
        if (!flag.equals("0") && !flag.equals("1")) {
          throw movies.fail("expected genre flag 0 or 1 for " + ML100K_GENRES[g] + ", found '" + flag + "'");
        }
        if (flag.equals("1") && category.equals("unknown")) {
          category = ML100K_GENRES[g];
        }
      }
      categories.add(category);
    }
    Users u = users(uid, genders, ages, occupations);
    Items it = items(iid, titles, categories, years);
    Lines ratings = Lines.open(dir.resolve("u.data"), "\t", "user id<TAB>item id<TAB>rating<TAB>timestamp");
    return new Dataset(u, it, ratings(ratings, u, it, "user id", "item id", "u.user", "u.item"));
  }

  // ---------------------------------------------------------------- shared

  private static Interactions ratings(Lines lines, Users u, Items it, String userField, String itemField,
      String usersFile, String itemsFile) {
    Map<String, Integer> userIndex = u.index();
    Map<String, Integer> itemIndex = it.index();
    int cap = 1 << 16;
    int[] us = new int[cap];
    int[] is = new int[cap];
    long[] ts = new long[cap];
    byte[] rs = new byte[cap];
    int n = 0;
    for (String[] f; (f = lines.next(4)) != null; ) {
      if (n == us.length) {
        cap *= 2;
        us = Arrays.copyOf(us, cap);
        is = Arrays.copyOf(is, cap);
        ts = Arrays.copyOf(ts, cap);
        rs = Arrays.copyOf(rs, cap);
      }
      Integer user = userIndex.get(f[0].strip());
      if (user == null) {
        throw lines.fail("unknown " + userField + " '" + f[0] + "' (not in " + usersFile + ")");
      }
      Integer item = itemIndex.get(f[1].strip());
      if (item == null) {
        throw lines.fail("unknown " + itemField + " '" + f[1] + "' (not in " + itemsFile + ")");
      }
      int rating = lines.integer(f[2], "Rating");
      if (rating < 1 || rating > 5) {
        throw lines.fail("expected Rating 1..5, found " + rating);
      }
      long t;
      try {
        t = Long.parseLong(f[3].strip());
      } catch (NumberFormatException e) {
        throw lines.fail("expected Timestamp in epoch seconds, found '" + f[3] + "'");
      }
      us[n] = user;
      is[n] = item;
      ts[n] = t;
      rs[n] = (byte) rating;
      n++;
    }
    int[] order = timeOrder(ts, n);
    int[] ou = new int[n];
    int[] oi = new int[n];
    long[] ot = new long[n];
    byte[] or = new byte[n];
    byte[] ol = new byte[n];
    for (int k = 0; k < n; k++) {
      int row = order[k];
      ou[k] = us[row];
      oi[k] = is[row];
      ot[k] = ts[row];
      or[k] = rs[row];
      ol[k] = rs[row] >= 4 ? (byte) 1 : 0;
    }
    return new Interactions(ou, oi, ot, or, ol);
  }

  /** Row order by (timestamp, file position); packs both into one long so a primitive sort does it. */
  private static int[] timeOrder(long[] ts, int n) {
    long[] keys = new long[n];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int k = 0; k < n; k++) {
      min = Math.min(min, ts[k]);
      max = Math.max(max, ts[k]);
    }
    if (n > 0 && (max - min >= (1L << 38) || n >= (1 << 25))) {
      throw new IllegalArgumentException("timestamps span or row count too large to import: " + n + " rows");
    }
    for (int k = 0; k < n; k++) {
      keys[k] = ((ts[k] - min) << 25) | k;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = (int) (keys[k] & ((1 << 25) - 1));
    }
    return order;
  }

  private static Users users(List<String> ids, List<String> genders, List<Integer> ages, List<Integer> occ) {
    return new Users(ids.toArray(String[]::new), genders.toArray(String[]::new),
        ages.stream().mapToInt(Integer::intValue).toArray(), occ.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Items items(List<String> ids, List<String> titles, List<String> cats, List<Integer> years) {
    return new Items(ids.toArray(String[]::new), titles.toArray(String[]::new), cats.toArray(String[]::new),
        years.stream().mapToInt(Integer::intValue).toArray());
  }

  /** A Latin-1 line reader that knows its file, line number and expected record shape. */
  private static final class Lines {
    private final Path file;
    private final String separator;
    private final String shape;
    private final BufferedReader in;
    private final Map<String, Integer> seenIds = new HashMap<>();
    private int lineNo;

    private Lines(Path file, String separator, String shape, BufferedReader in) {
      this.file = file;
      this.separator = separator;
      this.shape = shape;
      this.in = in;
    }

    static Lines open(Path file, String separator, String shape) {
      if (!Files.exists(file)) {
        throw new IllegalArgumentException(file + ": not found; a MovieLens directory needs it (" + shape + ")");
      }
      try {
        return new Lines(file, separator, shape, Files.newBufferedReader(file, StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    /** The next non-blank line split into exactly {@code width} fields; null (and closed) at the end. */
    String[] next(int width) {
      try {
        String line;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          String[] f = line.split(Pattern.quote(separator), -1);
          if (f.length != width) {
            throw fail("expected " + width + " '" + printable(separator) + "'-separated fields " + shape
                + ", found " + f.length);
          }
          return f;
        }
        in.close();
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    IllegalArgumentException fail(String message) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the parse error is the failure worth reporting
      }
      return new IllegalArgumentException(file + ":" + lineNo + ": " + message);
    }

    int integer(String v, String field) {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw fail("expected " + field + " to be an integer, found '" + v + "'");
      }
    }

    String id(String v, String field) {
      String id = v.strip();
      if (id.isEmpty()) {
        throw fail("empty " + field);
      }
      Integer first = seenIds.putIfAbsent(id, lineNo);
      if (first != null) {
        throw fail("duplicate " + field + " '" + id + "' (first on line " + first + ")");
      }
      return id;
    }

    private static String printable(String sep) {
      return sep.equals("\t") ? "TAB" : sep;
    }
  }
}
