package dev.recsys.recall.popular;

import dev.recsys.api.v1.ScoredItem;
import dev.recsys.recall.config.RecallProperties;
import dev.recsys.recall.source.CandidateSource;
import dev.recsys.transform.CsvRows;
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
    CsvRows.read(file, List.of("item_id", "score"), (lineNo, f) -> {
      if (f[0].isEmpty()) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": empty item_id");
      }
      values.add(CsvRows.parseDouble(file, lineNo, "score", f[1]));
      ids.add(f[0]);
    });
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
