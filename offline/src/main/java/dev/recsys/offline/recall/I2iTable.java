package dev.recsys.offline.recall;

import dev.recsys.offline.data.Items;
import dev.recsys.transform.CsvRows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An item-to-item table: for each item (row index into the dataset's {@link Items}) its
 * neighbours, best first, each with a float score. Scores are finite and {@code >= 0}; an item is
 * never its own neighbour and has no neighbour twice; equal scores are ordered by neighbour index,
 * so a table has exactly one valid layout and equal tables are {@link #equals equal}.
 *
 * <p>On disk ({@link #write}, {@link #read}) a table is a CSV file {@code item_id,neighbor_id,score}
 * with the dataset's item ids, one line per (item, neighbour), items in row order and each item's
 * neighbours best first. Scores are written with {@link Float#toString}, which reads back to the
 * same float, so a round trip is exact.
 *
 * <p>Immutable and thread-safe. The per-rank accessors read the packed arrays without copying,
 * which is what a scorer's inner loop wants.
 */
public final class I2iTable {

  public static final List<String> COLUMNS = List.of("item_id", "neighbor_id", "score");

  private final int[] start;
  private final int[] neighbors;
  private final float[] scores;

  private I2iTable(int[] start, int[] neighbors, float[] scores) {
    this.start = start;
    this.neighbors = neighbors;
    this.scores = scores;
  }

  /**
   * A table from per-item rows; {@code neighbors[i]} and {@code scores[i]} are item {@code i}'s
   * row, best first. The arrays are copied.
   *
   * @throws IllegalArgumentException naming the item and rank of the first entry that breaks the
   *     rules in the class comment
   */
  public static I2iTable of(int[][] neighbors, float[][] scores) {
    int numItems = neighbors.length;
    if (scores.length != numItems) {
      throw new IllegalArgumentException("neighbour rows for " + numItems + " items but score rows for " + scores.length);
    }
    int[] start = new int[numItems + 1];
    for (int i = 0; i < numItems; i++) {
      if (neighbors[i].length != scores[i].length) {
        throw new IllegalArgumentException("item " + i + " has " + neighbors[i].length + " neighbours but "
            + scores[i].length + " scores");
      }
      start[i + 1] = start[i] + neighbors[i].length;
    }
    int[] n = new int[start[numItems]];
    float[] s = new float[start[numItems]];
    for (int i = 0; i < numItems; i++) {
      System.arraycopy(neighbors[i], 0, n, start[i], neighbors[i].length);
      for (int r = 0; r < scores[i].length; r++) {
        s[start[i] + r] = scores[i][r] + 0.0f; // one zero: -0.0 would make equal tables unequal
      }
    }
    I2iTable t = new I2iTable(start, n, s);
    t.validate();
    return t;
  }

  private void validate() {
    int numItems = numItems();
    boolean[] inRow = new boolean[numItems];
    for (int i = 0; i < numItems; i++) {
      for (int p = start[i]; p < start[i + 1]; p++) {
        int j = neighbors[p];
        float s = scores[p];
        String where = "item " + i + ", rank " + (p - start[i]) + ": ";
        if (j < 0 || j >= numItems) {
          throw new IllegalArgumentException(where + "neighbour " + j + " is not an item index in [0, " + numItems + ")");
        }
        if (j == i) {
          throw new IllegalArgumentException(where + "an item cannot be its own neighbour");
        }
        if (inRow[j]) {
          throw new IllegalArgumentException(where + "neighbour " + j + " appears twice");
        }
        if (!Float.isFinite(s) || s < 0) {
          throw new IllegalArgumentException(where + "score must be finite and >= 0, found " + s);
        }
        if (p > start[i] && !before(neighbors[p - 1], scores[p - 1], j, s)) {
          throw new IllegalArgumentException(where + "neighbour " + j + " (score " + s + ") must not come after "
              + neighbors[p - 1] + " (score " + scores[p - 1] + "): rows are best first, equal scores by index");
        }
        inRow[j] = true;
      }
      for (int p = start[i]; p < start[i + 1]; p++) {
        inRow[neighbors[p]] = false;
      }
    }
  }

  /** Whether (a, sa) belongs before (b, sb) in a row. */
  private static boolean before(int a, float sa, int b, float sb) {
    return sa > sb || (sa == sb && a < b);
  }

  /** Number of items (rows), with or without neighbours. */
  public int numItems() {
    return start.length - 1;
  }

  /** Number of neighbours of {@code item}. */
  public int size(int item) {
    return start[item + 1] - start[item];
  }

  /** The neighbour at {@code rank} (0 = best) of {@code item}. */
  public int neighbor(int item, int rank) {
    return neighbors[offset(item, rank)];
  }

  public float score(int item, int rank) {
    return scores[offset(item, rank)];
  }

  /** A copy of {@code item}'s neighbours, best first. */
  public int[] neighbors(int item) {
    return Arrays.copyOfRange(neighbors, start[item], start[item + 1]);
  }

  /** A copy of {@code item}'s scores, aligned with {@link #neighbors(int)}. */
  public float[] scores(int item) {
    return Arrays.copyOfRange(scores, start[item], start[item + 1]);
  }

  /** Total (item, neighbour) entries. */
  public int entries() {
    return neighbors.length;
  }

  private int offset(int item, int rank) {
    if (rank < 0 || rank >= size(item)) {
      throw new IndexOutOfBoundsException("item " + item + " has " + size(item) + " neighbours, no rank " + rank);
    }
    return start[item] + rank;
  }

  // ---------------------------------------------------------------- files

  /**
   * Writes the table as {@code item_id,neighbor_id,score}, ids from {@code items}. The file is
   * written next to its final name and moved into place, so a reader never sees half a table.
   */
  public void write(Path file, Items items) {
    if (items.size() != numItems()) {
      throw new IllegalArgumentException("the table has " + numItems() + " items but the item table " + items.size());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < numItems(); i++) {
          for (int p = start[i]; p < start[i + 1]; p++) {
            line.setLength(0);
            line.append(items.ids()[i]).append(',').append(items.ids()[neighbors[p]]).append(',')
                .append(scores[p]).append('\n');
            out.write(line.toString());
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a table written by {@link #write}. Lines of one item need not be adjacent nor best
   * first: each item's neighbours are ordered by score (ties by index) after reading.
   *
   * @throws IllegalArgumentException with {@code file:line}, what was expected and what was found,
   *     for a wrong header, a wrong field count, an item or neighbour id not in {@code items}, an
   *     item listed as its own neighbour, a repeated (item, neighbour) pair, or a score that is not
   *     a finite number {@code >= 0}
   */
  public static I2iTable read(Path file, Items items) {
    Map<String, Integer> index = items.index();
    int numItems = items.size();
    Entries entries = new Entries();
    // (item, neighbour) -> first line, to name both lines of a repeated pair.
    Map<Long, Integer> seen = new HashMap<>();
    CsvRows.read(file, COLUMNS, (lineNo, f) -> {
      int item = id(file, lineNo, "item_id", f[0], index, numItems);
      int neighbor = id(file, lineNo, "neighbor_id", f[1], index, numItems);
      if (item == neighbor) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": item '" + f[0]
            + "' is listed as its own neighbour; neighbor_id must differ from item_id");
      }
      double score = CsvRows.parseDouble(file, lineNo, "score", f[2]);
      if (!Double.isFinite(score) || score < 0 || !Float.isFinite((float) score)) {
        throw new IllegalArgumentException(file + ":" + lineNo
            + ": column 'score' must be a finite number >= 0 that fits a float, found '" + f[2] + "'");
      }
      Integer first = seen.putIfAbsent(((long) item << 32) | neighbor, lineNo);
      if (first != null) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": neighbour '" + f[1] + "' of item '" + f[0]
            + "' appears twice (first on line " + first + ")");
      }
      entries.add(item, neighbor, (float) score);
    });
    return entries.toTable(numItems);
  }

  /** Entries in file order, grown as read. */
  private static final class Entries {
    private int[] items = new int[1024];
    private int[] neighbors = new int[1024];
    private float[] scores = new float[1024];
    private int size;

    void add(int item, int neighbor, float score) {
      if (size == items.length) {
        items = Arrays.copyOf(items, 2 * size);
        neighbors = Arrays.copyOf(neighbors, 2 * size);
        scores = Arrays.copyOf(scores, 2 * size);
      }
      items[size] = item;
      neighbors[size] = neighbor;
      scores[size++] = score;
    }

    I2iTable toTable(int numItems) {
      int[] start = new int[numItems + 1];
      for (int e = 0; e < size; e++) {
        start[items[e] + 1]++;
      }
      for (int i = 0; i < numItems; i++) {
        start[i + 1] += start[i];
      }
      // One long per entry that sorts ascending as a row must read: score descending (the bits
      // of a float >= 0 order like the float), then neighbour ascending.
      long[] keys = new long[size];
      int[] fill = Arrays.copyOf(start, numItems);
      for (int e = 0; e < size; e++) {
        int bits = Float.floatToIntBits(scores[e] + 0.0f); // + 0.0f turns -0.0 into 0.0
        keys[fill[items[e]]++] = ((long) (Integer.MAX_VALUE - bits) << 32) | neighbors[e];
      }
      int[] n = new int[size];
      float[] s = new float[size];
      for (int i = 0; i < numItems; i++) {
        Arrays.sort(keys, start[i], start[i + 1]);
        for (int p = start[i]; p < start[i + 1]; p++) {
          n[p] = (int) keys[p];
          s[p] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[p] >>> 32));
        }
      }
      I2iTable t = new I2iTable(start, n, s);
      t.validate();
      return t;
    }
  }

  private static int id(Path file, int lineNo, String column, String value, Map<String, Integer> index, int numItems) {
    Integer i = index.get(value);
    if (i == null) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": unknown " + column + " '" + value
          + "' (not among the dataset's " + numItems + " item ids)");
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof I2iTable t && Arrays.equals(start, t.start) && Arrays.equals(neighbors, t.neighbors)
        && Arrays.equals(scores, t.scores);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(start) + Arrays.hashCode(neighbors)) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "I2iTable[" + numItems() + " items, " + entries() + " entries]";
  }
}
