package dev.recsys.offline.train;

import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every ranker's training reads from a data directory: users, items, both halves of the split
 * and the materialized feature tables, with each dataset user and item mapped to its feature row.
 *
 * @param userRow for each user row of the dataset, its row in {@code userFeatures}, or -1 (the
 *     encoders' "unknown")
 * @param itemRow the same for items
 */
public record TrainingData(Users users, Items items, Interactions train, Interactions test,
    ColumnBatch userFeatures, ColumnBatch itemFeatures, int[] userRow, int[] itemRow) {

  /**
   * @throws IllegalArgumentException naming the missing file and the job that writes it, or the
   *     empty half of the split
   */
  public static TrainingData read(Path dataDir) {
    for (Path p : List.of(DatasetFiles.train(dataDir), DatasetFiles.test(dataDir))) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(p + ": not found; run the split job first");
      }
    }
    for (Path p : List.of(DatasetFiles.userFeatures(dataDir), DatasetFiles.itemFeatures(dataDir))) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(p + ": not found; run the features job first");
      }
    }
    Users users = DatasetFiles.readUsers(DatasetFiles.users(dataDir));
    Items items = DatasetFiles.readItems(DatasetFiles.items(dataDir));
    Interactions train = DatasetFiles.readInteractions(DatasetFiles.train(dataDir), users, items);
    Interactions test = DatasetFiles.readInteractions(DatasetFiles.test(dataDir), users, items);
    if (train.size() == 0 || test.size() == 0) {
      throw new IllegalArgumentException(dataDir + ": the " + (train.size() == 0 ? "train" : "test")
          + " split is empty; re-run the split job on a dataset with more interactions");
    }
    ColumnBatch userFeatures = CsvTables.read(DatasetFiles.userFeatures(dataDir), FeatureTables.USER);
    ColumnBatch itemFeatures = CsvTables.read(DatasetFiles.itemFeatures(dataDir), FeatureTables.ITEM);
    return new TrainingData(users, items, train, test, userFeatures, itemFeatures,
        rowsOf(users.ids(), userFeatures, "user_id"), rowsOf(items.ids(), itemFeatures, "item_id"));
  }

  /** For each dataset id, its row in the feature batch, or -1. */
  static int[] rowsOf(String[] ids, ColumnBatch features, String key) {
    String[] keys = (String[]) features.column(key).values();
    Map<String, Integer> index = new HashMap<>(keys.length * 2);
    for (int r = 0; r < keys.length; r++) {
      index.put(keys[r], r);
    }
    int[] rows = new int[ids.length];
    for (int k = 0; k < ids.length; k++) {
      rows[k] = index.getOrDefault(ids[k], -1);
    }
    return rows;
  }
}
