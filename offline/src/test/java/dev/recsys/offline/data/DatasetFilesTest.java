package dev.recsys.offline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {

  @TempDir
  Path dir;

  @BeforeEach
  void goodTables() throws Exception {
    Files.writeString(dir.resolve("users.csv"), "user_id,gender,age,occupation\n1,M,25,4\n2,,,\n");
    Files.writeString(dir.resolve("items.csv"), "item_id,title,category,year\n10,Heat,Action,1995\n11,X,Drama,\n");
  }

  private void interactions(String body) throws Exception {
    Files.writeString(dir.resolve("interactions.csv"), DatasetFiles.INTERACTIONS_HEADER + "\n" + body);
  }

  @Test
  void readsAGoodDatasetWithMissingValues() throws Exception {
    interactions("1,10,100,5,1\n2,11,101,,0\n");
    Dataset d = DatasetFiles.read(dir);
    assertThat(d.users().genders()[1]).isNull();
    assertThat(d.users().ages()[1]).isEqualTo(Users.MISSING);
    assertThat(d.items().years()[1]).isEqualTo(Users.MISSING);
    assertThat(d.interactions().ratings()).containsExactly(5, 0);
    assertThat(d.interactions().labels()).containsExactly(1, 0);
  }

  @Test
  void unknownUserNamesFileLineAndId() throws Exception {
    interactions("1,10,100,,1\n7,10,101,,0\n");
    assertThatThrownBy(() -> DatasetFiles.read(dir))
        .hasMessageContaining("interactions.csv:3: unknown user_id '7'");
  }

  @Test
  void unknownItemNamesFileLineAndId() throws Exception {
    interactions("1,99,100,,1\n");
    assertThatThrownBy(() -> DatasetFiles.read(dir))
        .hasMessageContaining("interactions.csv:2: unknown item_id '99'");
  }

  @Test
  void wrongFieldCountNonNumericAndBadLabelAreLineAccurate() throws Exception {
    interactions("1,10,100,,1\n1,10,100,1\n");
    assertThatThrownBy(() -> DatasetFiles.read(dir))
        .hasMessageContaining("interactions.csv:3: expected 5 comma-separated fields user_id,item_id,timestamp,rating,label, found 4");
    interactions("1,10,yesterday,,1\n");
    assertThatThrownBy(() -> DatasetFiles.read(dir))
        .hasMessageContaining("interactions.csv:2: column 'timestamp' must be epoch seconds (an integer), found 'yesterday'");
    interactions("1,10,100,,2\n");
    assertThatThrownBy(() -> DatasetFiles.read(dir))
        .hasMessageContaining("interactions.csv:2: column 'label' must be 0 or 1, found '2'");
    interactions("1,10,100,9,1\n");
    assertThatThrownBy(() -> DatasetFiles.read(dir))
        .hasMessageContaining("interactions.csv:2: column 'rating' must be 1..5 or empty, found '9'");
  }

  @Test
  void badUsersAndItemsAreLineAccurate() throws Exception {
    Files.writeString(dir.resolve("users.csv"), "user_id,gender,age,occupation\n1,M,25,4\n2,F,old,1\n");
    assertThatThrownBy(() -> DatasetFiles.readUsers(dir.resolve("users.csv")))
        .hasMessageContaining("users.csv:3: column 'age' must be an integer or empty, found 'old'");
    Files.writeString(dir.resolve("users.csv"), "user_id,gender,age,occupation\n1,M,25,4\n1,F,18,1\n");
    assertThatThrownBy(() -> DatasetFiles.readUsers(dir.resolve("users.csv")))
        .hasMessageContaining("users.csv:3: duplicate user_id '1' (first on line 2)");
    Files.writeString(dir.resolve("items.csv"), "id,title\n");
    assertThatThrownBy(() -> DatasetFiles.readItems(dir.resolve("items.csv")))
        .hasMessageContaining("items.csv:1: header must be 'item_id,title,category,year', found 'id,title'");
  }
}
