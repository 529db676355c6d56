package dev.recsys.offline.features;

import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The features job: materializes the user and item feature tables ({@link FeatureTables#USER},
 * {@link FeatureTables#ITEM}) from the TRAIN split only, so that evaluating on the test split
 * never sees its own labels. clicks = interactions with label 1, impressions = all interactions;
 * entities without train interactions get 0/0.
 */
public final class FeatureMaterializer {

  private FeatureMaterializer() {}

  /** Both tables, built in memory from the given train interactions. */
  public record Tables(ColumnBatch users, ColumnBatch items) {}

  public static Tables build(Users users, Items items, Interactions train) {
    long[] userClicks = new long[users.size()];
    long[] userImpressions = new long[users.size()];
    long[] itemClicks = new long[items.size()];
    long[] itemImpressions = new long[items.size()];
    for (int k = 0; k < train.size(); k++) {
      int u = train.users()[k];
      int i = train.items()[k];
      int l = train.labels()[k];
      userClicks[u] += l;
      userImpressions[u]++;
      itemClicks[i] += l;
      itemImpressions[i]++;
    }
    ColumnBatch userBatch = ColumnBatch.of(
        Column.ofStrings("user_id", users.ids().clone()),
        Column.ofStrings("gender", users.genders().clone()),
        intColumn("age", users.ages()),
        intColumn("occupation", users.occupations()),
        Column.ofLongs("clicks", userClicks),
        Column.ofLongs("impressions", userImpressions));
    String[] categories = new String[items.size()];
    for (int i = 0; i < categories.length; i++) {
      categories[i] = items.categories()[i].isEmpty() ? null : items.categories()[i];
    }
    ColumnBatch itemBatch = ColumnBatch.of(
        Column.ofStrings("item_id", items.ids().clone()),
        Column.ofStrings("category", categories),
        intColumn("year", items.years()),
        Column.ofLongs("clicks", itemClicks),
        Column.ofLongs("impressions", itemImpressions));
    return new Tables(userBatch, itemBatch);
  }

  /** Nullable int column: {@link Users#MISSING} becomes null, which the CSV writes as empty. */
  private static Column intColumn(String name, int[] values) {
    boolean[] nulls = new boolean[values.length];
    boolean any = false;
    int[] v = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      nulls[i] = values[i] == Users.MISSING;
      any |= nulls[i];
      v[i] = nulls[i] ? 0 : values[i];
    }
    return new Column(name, dev.recsys.api.arrow.ColumnType.INT32, 1, v, any ? nulls : null);
  }

  /**
   * The features job: reads users.csv, items.csv and split/train.csv of {@code dataDir} and writes
   * features/users.csv and features/items.csv.
   */
  public static Tables run(Path dataDir) {
    Path trainFile = DatasetFiles.train(dataDir);
    if (!Files.exists(trainFile)) {
      throw new IllegalArgumentException(trainFile + ": not found; run the split job first");
    }
    Users users = DatasetFiles.readUsers(DatasetFiles.users(dataDir));
    Items items = DatasetFiles.readItems(DatasetFiles.items(dataDir));
    Interactions train = DatasetFiles.readInteractions(trainFile, users, items);
    Tables t = build(users, items, train);
    CsvTables.write(DatasetFiles.userFeatures(dataDir), FeatureTables.USER, t.users());
    CsvTables.write(DatasetFiles.itemFeatures(dataDir), FeatureTables.ITEM, t.items());
    return t;
  }
}
