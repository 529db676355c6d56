package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.data.Interactions;
import org.junit.jupiter.api.Test;

class I2iSourceTest {

  // Item 0 -> 4 (0.9), 2 (0.25); item 1 -> 2 (0.5), 3 (0.1); item 3 -> 4 (1.0).
  private final I2iTable table = I2iTable.of(
      new int[][] {{4, 2}, {2, 3}, {}, {4}, {}},
      new float[][] {{0.9f, 0.25f}, {0.5f, 0.1f}, {}, {1.0f}, {}});

  // User 0 clicked 0 then 1; user 1 clicked 3 and saw 2; user 2 has no history; user 3 only saw 4.
  // Popularity (positives): items 0, 1, 3 once each, so the popular order is 0, 1, 3, 2, 4.
  private final Interactions train = new Clicks()
      .add(0, 0, 1, 1).add(0, 1, 2, 1)
      .add(1, 3, 1, 1).add(1, 2, 2, 0)
      .add(3, 4, 1, 0)
      .build();
  private final UserHistory history = UserHistory.of(train, 4);
  private final PopularSource popular = new PopularSource(train, 5, history);

  private I2iSource source(I2iSource.Params p) {
    return new I2iSource(ItemCf.NAME, table, history, popular, p);
  }

  @Test
  void sumsNeighbourScoresOverTheTriggersAndSkipsHistory() {
    // 4: 0.9; 2: 0.25 + 0.5 = 0.75; 3: 0.1; 1 is a neighbour of 0 but the user's own history.
    assertThat(source(I2iSource.Params.defaults()).topK(0, 3)).containsExactly(4, 2, 3);
    assertThat(source(I2iSource.Params.defaults()).topK(0, 2)).containsExactly(4, 2);
  }

  @Test
  void decayWeightsOlderTriggersLess() {
    // Trigger 1 (latest) weight 1, trigger 0 weight 0.5: 2: 0.5 + 0.125; 4: 0.45; 3: 0.1.
    assertThat(source(new I2iSource.Params(50, 0.5)).topK(0, 3)).containsExactly(2, 4, 3);
  }

  @Test
  void onlyTheMostRecentDistinctPositivesTrigger() {
    // One trigger: the latest positive, item 1 -> 2, 3; then popular fills (0, 1 are history).
    assertThat(source(new I2iSource.Params(1, 1.0)).topK(0, 5)).containsExactly(2, 3, 4);
    // A repeated click counts once, as the most recent: user 0 clicks 0, 1, 0.
    Interactions again = new Clicks().add(0, 0, 1, 1).add(0, 1, 2, 1).add(0, 0, 3, 1).build();
    UserHistory h = UserHistory.of(again, 1);
    I2iSource s = new I2iSource(Swing.NAME, table, h, new PopularSource(again, 5, h), new I2iSource.Params(2, 0.5));
    // Triggers 0 (weight 1) and 1 (0.5): 4: 0.9; 2: 0.25 + 0.25; 3: 0.05.
    assertThat(s.topK(0, 3)).containsExactly(4, 2, 3);
    assertThat(s.name()).isEqualTo("swing");
  }

  @Test
  void fallsBackToPopularityForUsersWithoutPositivesAndFillsShortLists() {
    I2iSource s = source(I2iSource.Params.defaults());
    assertThat(s.topK(2, 5)).containsExactly(0, 1, 3, 2, 4); // no history
    assertThat(s.topK(3, 5)).containsExactly(0, 1, 3, 2); // impressions only: popular minus what was seen
    assertThat(s.topK(1, 3)).containsExactly(4, 0, 1); // one candidate, then popular
    assertThat(s.topK(0, 10)).containsExactly(4, 2, 3); // every item outside the history
    assertThat(s.topK(0, 0)).isEmpty();
  }

  @Test
  void paramsAreBounded() {
    assertThatThrownBy(() -> new I2iSource.Params(0, 1)).hasMessage("recentPositives must be in [1, 10000], got 0");
    assertThatThrownBy(() -> new I2iSource.Params(5, 0)).hasMessageStartingWith("decay must be in [");
  }
}
