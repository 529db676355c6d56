package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClickGraphTest {

  private static int[] items(ClickGraph g, int u) {
    return Arrays.copyOfRange(g.userItems(), g.userStart(u), g.userStart(u) + g.userDegree(u));
  }

  private static int[] users(ClickGraph g, int i) {
    return Arrays.copyOfRange(g.itemUsers(), g.itemStart(i), g.itemStart(i) + g.itemDegree(i));
  }

  private static int[] sample(ClickGraph g, int i) {
    return Arrays.copyOfRange(g.sampleUsers(), g.sampleStart(i), g.sampleStart(i) + g.sampleSize(i));
  }

  @Test
  void positivesOnlyRepeatsOnceBothSidesAscending() {
    ClickGraph g = ClickGraph.of(new Clicks()
        .add(1, 2, 10, 1).add(0, 2, 11, 1).add(0, 0, 12, 1).add(0, 2, 13, 1).add(1, 1, 14, 0)
        .build(), 3, 3, ClickGraph.UNLIMITED, ClickGraph.UNLIMITED);
    assertThat(items(g, 0)).containsExactly(0, 2);
    assertThat(items(g, 1)).containsExactly(2);
    assertThat(items(g, 2)).isEmpty();
    assertThat(users(g, 2)).containsExactly(0, 1);
    assertThat(users(g, 1)).isEmpty();
    assertThat(sample(g, 2)).containsExactly(0, 1);
    assertThat(g.edges()).isEqualTo(3);
  }

  @Test
  void theUserCapKeepsTheMostRecentItemsByLatestClickTiesToTheSmallerItem() {
    // User 0: item 3 at t=1 and again at t=9 (latest counts), item 1 at t=5, items 0 and 2 at t=4.
    ClickGraph g = ClickGraph.of(new Clicks()
        .add(0, 3, 1, 1).add(0, 1, 5, 1).add(0, 2, 4, 1).add(0, 0, 4, 1).add(0, 3, 9, 1)
        .build(), 1, 4, 3, ClickGraph.UNLIMITED);
    assertThat(items(g, 0)).containsExactly(0, 1, 3);
    assertThat(users(g, 2)).isEmpty();
  }

  @Test
  void theItemCapPicksASampleOfTheMostRecentUsersAndPrunesNothing() {
    ClickGraph g = ClickGraph.of(new Clicks()
        .add(0, 0, 3, 1).add(1, 0, 7, 1).add(2, 0, 5, 1).add(3, 0, 7, 1).add(2, 1, 1, 1)
        .build(), 4, 2, ClickGraph.UNLIMITED, 2);
    assertThat(sample(g, 0)).containsExactly(1, 3);
    assertThat(users(g, 0)).containsExactly(0, 1, 2, 3);
    assertThat(sample(g, 1)).containsExactly(2);
    assertThat(items(g, 0)).containsExactly(0);
  }

  @Test
  void rowsOutsideTheTablesAreRejectedWithTheInteraction() {
    assertThatThrownBy(() -> ClickGraph.of(new Clicks().add(0, 5, 1, 1).build(), 1, 3, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training interaction 0 has user row 0 and item row 5; the dataset has 1 users and 3 items");
  }
}
