package dev.recsys.offline.data;

import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of {@code dataset.json}. It has no creation time on purpose: the same seed and size
 * must give byte-identical datasets.
 *
 * @param source    "synthetic", "movielens-100k" or "movielens-1m"
 * @param seed      generator seed; null for imported data
 * @param size      generator size label; null for imported data
 */
public record DatasetInfo(String source, Long seed, String size, int users, int items,
    int interactions, int positives, long minTimestamp, long maxTimestamp) {

  public static final String SYNTHETIC = "synthetic";

  public static DatasetInfo of(String source, Long seed, String size, Dataset d) {
    Interactions in = d.interactions();
    return new DatasetInfo(source, seed, size, d.users().size(), d.items().size(), in.size(),
        in.positives(), in.size() == 0 ? 0 : in.minTimestamp(), in.size() == 0 ? 0 : in.maxTimestamp());
  }

  public boolean synthetic() {
    return SYNTHETIC.equals(source);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("seed", seed);
    m.put("size", size);
    m.put("users", users);
    m.put("items", items);
    m.put("interactions", interactions);
    m.put("positives", positives);
    m.put("positive_rate", interactions == 0 ? 0.0 : Math.round(1e4 * positives / (double) interactions) / 1e4);
    m.put("label", "label = 1 for a click (synthetic) or a rating >= 4 (MovieLens)");
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("min_timestamp", minTimestamp);
    range.put("max_timestamp", maxTimestamp);
    m.put("time_range", range);
    return m;
  }

  public void write(Path file) {
    try {
      Files.writeString(file, Json.write(toMap()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static DatasetInfo read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!(Json.parse(text, file.toString()) instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(file + ":1: expected a JSON object");
    }
    Object range = m.get("time_range");
    Map<?, ?> r = range instanceof Map<?, ?> rm ? rm : Map.of();
    return new DatasetInfo(
        String.valueOf(m.get("source")),
        m.get("seed") instanceof Number n ? n.longValue() : null,
        m.get("size") instanceof String s ? s : null,
        intOf(m.get("users")), intOf(m.get("items")), intOf(m.get("interactions")),
        intOf(m.get("positives")),
        r.get("min_timestamp") instanceof Number n ? n.longValue() : 0,
        r.get("max_timestamp") instanceof Number n ? n.longValue() : 0);
  }

  private static int intOf(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }
}
