package dev.recsys.offline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalSplitTest {

  @Test
  void perUserTheLatestTenthGoesToTest(@TempDir Path dir) {
    new SyntheticGenerator(Size.SMALL, 5).writeTo(dir);
    TemporalSplit.run(dir);
    Users users = DatasetFiles.readUsers(DatasetFiles.users(dir));
    Items items = DatasetFiles.readItems(DatasetFiles.items(dir));
    Interactions all = DatasetFiles.readInteractions(DatasetFiles.interactions(dir), users, items);
    Interactions train = DatasetFiles.readInteractions(DatasetFiles.train(dir), users, items);
    Interactions test = DatasetFiles.readInteractions(DatasetFiles.test(dir), users, items);
    assertThat(train.size() + test.size()).isEqualTo(all.size());

    int n = users.size();
    int[] total = new int[n];
    int[] inTest = new int[n];
    long[] lastTrain = new long[n];
    long[] firstTest = new long[n];
    java.util.Arrays.fill(lastTrain, Long.MIN_VALUE);
    java.util.Arrays.fill(firstTest, Long.MAX_VALUE);
    for (int k = 0; k < all.size(); k++) {
      total[all.users()[k]]++;
    }
    for (int k = 0; k < train.size(); k++) {
      lastTrain[train.users()[k]] = Math.max(lastTrain[train.users()[k]], train.timestamps()[k]);
    }
    for (int k = 0; k < test.size(); k++) {
      inTest[test.users()[k]]++;
      firstTest[test.users()[k]] = Math.min(firstTest[test.users()[k]], test.timestamps()[k]);
    }
    for (int u = 0; u < n; u++) {
      int expected = total[u] < 2 ? 0 : Math.max(1, total[u] / 10);
      assertThat(inTest[u]).as("test rows of user %s with %d rows", users.ids()[u], total[u]).isEqualTo(expected);
      if (inTest[u] > 0) {
        assertThat(lastTrain[u]).as("user %s", users.ids()[u]).isLessThanOrEqualTo(firstTest[u]);
      }
    }
  }

  @Test
  void tiesAndSmallUsersAreDeterministic() {
    // user 0: 3 rows at the same time -> the last in file order goes to test; user 1: 1 row -> train.
    Interactions in = new Interactions(new int[] {0, 1, 0, 0}, new int[] {0, 0, 1, 2},
        new long[] {5, 1, 5, 5}, new byte[4], new byte[] {0, 1, 0, 1});
    TemporalSplit.Result r = TemporalSplit.split(in);
    assertThat(r.testRows()).containsExactly(3);
    assertThat(r.trainRows()).containsExactly(0, 1, 2);
  }

  @Test
  void anEmptyTestHalfIsAClearError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("users.csv"), "user_id,gender,age,occupation\n1,M,25,4\n2,F,18,1\n");
    Files.writeString(dir.resolve("items.csv"), "item_id,title,category,year\n10,Heat,Action,1995\n");
    Files.writeString(dir.resolve("interactions.csv"), DatasetFiles.INTERACTIONS_HEADER + "\n1,10,1,,1\n2,10,2,,0\n");
    assertThatThrownBy(() -> TemporalSplit.run(dir))
        .hasMessageContaining("test half is empty")
        .hasMessageContaining("at least 2 interactions");
  }
}
