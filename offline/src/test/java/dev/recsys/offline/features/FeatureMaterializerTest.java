package dev.recsys.offline.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureMaterializerTest {

  @Test
  void countsComeFromTheTrainSplitOnlyWithTheSchemaColumns(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("users.csv"), "user_id,gender,age,occupation\n1,M,25,4\n2,F,,\n3,M,18,0\n");
    Files.writeString(dir.resolve("items.csv"), "item_id,title,category,year\n10,Heat,Action,1995\n11,X,Drama,\n");
    // user 1: t=1..4 -> rows at t=4 to test; user 2: t=5,6 -> t=6 to test; user 3: no interactions.
    Files.writeString(dir.resolve("interactions.csv"), DatasetFiles.INTERACTIONS_HEADER + "\n"
        + "1,10,1,,1\n1,11,2,,0\n1,10,3,,1\n1,11,4,,1\n2,10,5,,0\n2,11,6,,1\n");
    TemporalSplit.run(dir);
    FeatureMaterializer.run(dir);

    assertThat(Files.readAllLines(DatasetFiles.userFeatures(dir)).get(0))
        .isEqualTo(String.join(",", FeatureTables.USER.columnNames()));
    assertThat(Files.readAllLines(DatasetFiles.itemFeatures(dir)).get(0))
        .isEqualTo(String.join(",", FeatureTables.ITEM.columnNames()));
    ColumnBatch users = CsvTables.read(DatasetFiles.userFeatures(dir), FeatureTables.USER);
    ColumnBatch items = CsvTables.read(DatasetFiles.itemFeatures(dir), FeatureTables.ITEM);
    assertThat((long[]) users.column("clicks").values()).containsExactly(2, 0, 0);
    assertThat((long[]) users.column("impressions").values()).containsExactly(3, 1, 0);
    assertThat((long[]) items.column("clicks").values()).containsExactly(2, 0);
    assertThat((long[]) items.column("impressions").values()).containsExactly(3, 1);
    assertThat(users.column("age").isNull(1)).isTrue();
    assertThat(users.column("gender").get(1)).isEqualTo("F");
    assertThat(items.column("year").isNull(1)).isTrue();
    assertThat(items.column("category").get(0)).isEqualTo("Action");
  }

  @Test
  void withoutASplitItSaysWhatToRunFirst(@TempDir Path dir) {
    assertThatThrownBy(() -> FeatureMaterializer.run(dir)).hasMessageContaining("run the split job first");
  }
}
