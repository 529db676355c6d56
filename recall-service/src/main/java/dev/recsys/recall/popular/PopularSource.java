package dev.recsys.recall.popular;

import dev.recsys.api.v1.ScoredItem;
import dev.recsys.recall.config.RecallProperties;
import dev.recsys.recall.source.CandidateSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The global popularity list built offline ({@code popular/popular.csv}: item_id,score sorted by
 * descending score). Cold-start users and fallbacks rely on it. Immutable after load.
 */
@Component
public class PopularSource implements CandidateSource {

  public static final String NAME = "popular";

  private final String[] items;
  private final double[] scores;

  public PopularSource(RecallProperties props) {
    if (props.dataDir() == null) {
      throw new IllegalStateException("recsys.recall.data-dir is not set; point it at a dataset"
          + " directory written by the offline jobs (it must hold popular/popular.csv)");
    }
    Path file = props.dataDir().resolve("popular/popular.csv");
    List<String> ids = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    read(file, ids, values);
    items = ids.toArray(String[]::new);
    scores = values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static void read(Path file, List<String> ids, List<Double> values) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().equals("item_id,score")) {
        throw new IllegalArgumentException(file + ":1: header must be 'item_id,score', found '" + header + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 2 || f[0].isEmpty()) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'item_id,score', found '" + line + "'");
        }
        try {
          values.add(Double.parseDouble(f[1]));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": score must be a number, found '" + f[1] + "'");
        }
        ids.add(f[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the popularity list " + file + ": " + e.getMessage(), e);
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(file + ": the popularity list is empty");
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ScoredItem> candidates(String userId, int quota, Set<String> exclude) {
    List<ScoredItem> out = new ArrayList<>(Math.min(quota, items.length));
    for (int i = 0; i < items.length && out.size() < quota; i++) {
      if (!exclude.contains(items[i])) {
        out.add(ScoredItem.newBuilder().setItemId(items[i]).setScore(scores[i]).setSource(NAME).build());
      }
    }
    return out;
  }

  public int size() {
    return items.length;
  }
}
