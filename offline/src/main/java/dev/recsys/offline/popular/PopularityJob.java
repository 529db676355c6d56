package dev.recsys.offline.popular;

import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The popular job: the cold-start recall lists. score = number of positive-label train
 * interactions of the item; ties go to the smaller item id (string order). Items with no positive
 * are left out: a list of things nobody liked is no fallback.
 *
 * <p>Writes popular/popular.csv ({@code item_id,score}, top {@value #TOP}) and
 * popular/by_category.csv ({@code category,item_id,score}, top {@value #TOP_PER_CATEGORY} per
 * category, categories in string order).
 */
public final class PopularityJob {

  public static final int TOP = 500;
  public static final int TOP_PER_CATEGORY = 100;

  /** One entry of a popularity list. */
  public record Entry(String itemId, String category, long score) {}

  private PopularityJob() {}

  /** Every item with at least one positive, best first. */
  public static List<Entry> rank(Items items, Interactions train) {
    long[] clicks = new long[items.size()];
    for (int k = 0; k < train.size(); k++) {
      clicks[train.items()[k]] += train.labels()[k];
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < clicks.length; i++) {
      if (clicks[i] > 0) {
        entries.add(new Entry(items.ids()[i], items.categories()[i], clicks[i]));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::score).reversed().thenComparing(Entry::itemId));
    return entries;
  }

  public static List<Entry> run(Path dataDir) {
    Path trainFile = DatasetFiles.train(dataDir);
    if (!Files.exists(trainFile)) {
      throw new IllegalArgumentException(trainFile + ": not found; run the split job first");
    }
    Users users = DatasetFiles.readUsers(DatasetFiles.users(dataDir));
    Items items = DatasetFiles.readItems(DatasetFiles.items(dataDir));
    List<Entry> ranked = rank(items, DatasetFiles.readInteractions(trainFile, users, items));
    Map<String, List<Entry>> byCategory = new TreeMap<>();
    for (Entry e : ranked) {
      List<Entry> list = byCategory.computeIfAbsent(e.category(), c -> new ArrayList<>());
      if (list.size() < TOP_PER_CATEGORY) {
        list.add(e);
      }
    }
    Path popular = DatasetFiles.popular(dataDir);
    try {
      Files.createDirectories(popular.getParent());
      try (BufferedWriter out = Files.newBufferedWriter(popular, StandardCharsets.UTF_8)) {
        out.write("item_id,score\n");
        for (Entry e : ranked.subList(0, Math.min(TOP, ranked.size()))) {
          out.write(e.itemId() + "," + e.score() + "\n");
        }
      }
      try (BufferedWriter out = Files.newBufferedWriter(DatasetFiles.popularByCategory(dataDir),
          StandardCharsets.UTF_8)) {
        out.write("category,item_id,score\n");
        for (Map.Entry<String, List<Entry>> c : byCategory.entrySet()) {
          for (Entry e : c.getValue()) {
            out.write(c.getKey() + "," + e.itemId() + "," + e.score() + "\n");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + popular.getParent() + ": " + e.getMessage(), e);
    }
    return ranked;
  }
}
