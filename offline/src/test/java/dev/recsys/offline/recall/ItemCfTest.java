package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.offline.data.Interactions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ItemCfTest {

  private static final ItemCf.Params ALL = ItemCf.Params.defaults();

  @Test
  void handComputedScores() {
    // N(0) = {u0, u1}, N(1) = {u0, u1, u2}, N(2) = {u0, u2, u3}; |N(u)| = 3, 2, 2, 1.
    int[][] clicks = {{0, 1, 2}, {0, 1}, {1, 2}, {2}};
    I2iTable t = ItemCf.build(Clicks.of(clicks), 4, 3, ALL);
    double wu0 = 1 / Math.log(4);
    double wu1 = 1 / Math.log(3);
    double wu2 = 1 / Math.log(3);
    double s01 = (wu0 + wu1) / Math.sqrt(2 * 3);
    double s02 = wu0 / Math.sqrt(2 * 3);
    double s12 = (wu0 + wu2) / Math.sqrt(3 * 3);
    assertThat(t.neighbors(0)).containsExactly(1, 2);
    assertThat(t.neighbors(1)).containsExactly(0, 2);
    assertThat(t.neighbors(2)).containsExactly(1, 0);
    assertThat(t.scores(0)[0]).isEqualTo((float) s01);
    assertThat(t.scores(0)[1]).isEqualTo((float) s02);
    assertThat(t.scores(1)[1]).isEqualTo((float) s12);
    assertThat(t.scores(2)).containsExactly((float) s12, (float) s02);
    assertThat((double) t.scores(0)[0]).isCloseTo(0.6660925, within(1e-6));
  }

  @Test
  void impressionsWithoutAClickAndRepeatedClicksDoNotCount() {
    Interactions in = new Clicks()
        .add(0, 0, 1, 1).add(0, 1, 2, 1).add(0, 1, 3, 1) // user 0 clicks 1 twice: still |N(u0)| = 2
        .add(1, 0, 4, 1).add(1, 1, 5, 0) // user 1 only saw 1
        .build();
    I2iTable t = ItemCf.build(in, 2, 2, ALL);
    assertThat(t.scores(0)).containsExactly((float) (1 / Math.log(3) / Math.sqrt(2 * 1)));
  }

  @Test
  void topKKeepsTheBestAndBreaksTiesByItemIndex() {
    // Users 0..4 each click item 0 and one of items 5, 4, 3, 2, 1: item 0's five neighbours tie.
    int[][] clicks = {{0, 5}, {0, 4}, {0, 3}, {0, 2}, {0, 1}};
    I2iTable t = ItemCf.build(Clicks.of(clicks), 5, 6, ALL.withTopK(3));
    float tie = (float) (1 / Math.log(3) / Math.sqrt(5 * 1));
    assertThat(t.neighbors(0)).containsExactly(1, 2, 3);
    assertThat(t.scores(0)).containsExactly(tie, tie, tie);
    assertThat(t.neighbors(4)).containsExactly(0);
  }

  @Test
  void matchesTheFormulaOnARandomLog() {
    int[][] clicks = Reference.randomClicks(7, 40, 25, 0.25);
    I2iTable t = ItemCf.build(Clicks.of(clicks), 40, 25, ALL);
    double[][] ref = Reference.itemCf(clicks, 25);
    for (int i = 0; i < 25; i++) {
      int expected = 0;
      for (int j = 0; j < 25; j++) {
        expected += ref[i][j] > 0 ? 1 : 0;
      }
      assertThat(t.size(i)).as("neighbours of %d", i).isEqualTo(expected);
      for (int r = 0; r < t.size(i); r++) {
        int j = t.neighbor(i, r);
        assertThat((double) t.score(i, r)).as("sim(%d, %d)", i, j).isCloseTo(ref[i][j], within(1e-6 * ref[i][j]));
      }
    }
  }

  @Test
  void theUserCapKeepsEachUsersMostRecentItems() {
    // Clicks.of gives increasing times, so user 0's oldest item (0) is dropped at cap 2.
    int[][] clicks = {{0, 1, 2}, {0, 1}};
    I2iTable t = ItemCf.build(Clicks.of(clicks), 2, 3, ALL.withMaxItemsPerUser(2));
    // u0 now has {1, 2}; u1 {0, 1}: N(0) = {u1}, N(1) = {u0, u1}, N(2) = {u0}.
    assertThat(t.neighbors(0)).containsExactly(1);
    assertThat(t.scores(2)).containsExactly((float) (1 / Math.log(3) / Math.sqrt(1 * 2)));
  }

  @Test
  void theSameWhateverTheRowOrderAndTheThreads() {
    Clicks.Split s = Clicks.small();
    ClickGraph g = ClickGraph.of(s.train(), s.users(), s.items(), ALL.maxItemsPerUser(), ClickGraph.UNLIMITED);
    I2iTable sequential = ItemCf.build(g, ALL, false);
    I2iTable parallel = ItemCf.build(g, ALL, true);
    assertThat(parallel).isEqualTo(sequential);
    assertThat(sequential.entries()).isGreaterThan(1000);

    int[] reversed = new int[s.train().size()];
    Arrays.setAll(reversed, k -> reversed.length - 1 - k);
    assertThat(ItemCf.build(s.train().select(reversed), s.users(), s.items(), ALL)).isEqualTo(sequential);
  }

  @Test
  void alphaZeroIsTheConditionalProbabilityOfTheNeighbour() {
    // Same graph as handComputedScores; alpha 0 divides by |N(i)| only, so rows are asymmetric.
    int[][] clicks = {{0, 1, 2}, {0, 1}, {1, 2}, {2}};
    I2iTable t = ItemCf.build(Clicks.of(clicks), 4, 3, ALL.withAlpha(0));
    double wu0 = 1 / Math.log(4);
    double wu1 = 1 / Math.log(3);
    double wu2 = 1 / Math.log(3);
    assertThat(t.scores(0)[0]).isEqualTo((float) ((wu0 + wu1) / 2)); // 0 -> 1, |N(0)| = 2
    assertThat(t.neighbors(1)).containsExactly(0, 2);
    assertThat(t.scores(1)).containsExactly((float) ((wu0 + wu1) / 3), (float) ((wu0 + wu2) / 3));
    assertThatThrownBy(() -> ALL.withAlpha(1.5)).hasMessageContaining("alpha 1.5 out of range; expected 0..1");
    assertThatThrownBy(() -> ALL.withAlpha(Double.NaN)).hasMessageContaining("expected 0..1");
  }

  @Test
  void aHalfLifeDecaysEachCoClickByHowLongAgoTheNeighbourWasClicked() {
    // u0 clicks 0 at t=0 and 1 at t=10; u1 clicks 0 at t=10 and 1 at t=0. Span 10, half-life 0.5
    // of it = 5 s, so a click at t=0 weighs 0.25 and one at t=10 weighs 1.
    Interactions in = new Interactions(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, new long[] {0, 10, 10, 0},
        new byte[4], new byte[] {1, 1, 1, 1});
    I2iTable t = ItemCf.build(in, 2, 2, ALL.withHalfLife(0.5));
    double w = 1 / Math.log(3);
    // Row 0: neighbour 1 clicked by u0 at t=10 (1.0) and by u1 at t=0 (0.25); degrees 2 and 2.
    assertThat((double) t.scores(0)[0]).isCloseTo((w * 1.0 + w * 0.25) / 2, within(1e-6));
    assertThat((double) t.scores(1)[0]).isCloseTo((w * 0.25 + w * 1.0) / 2, within(1e-6));
    assertThat((double) ItemCf.build(in, 2, 2, ALL).scores(0)[0]).isCloseTo(2 * w / 2, within(1e-6));
    assertThatThrownBy(() -> ALL.withHalfLife(-0.1)).hasMessageContaining("halfLife -0.1 out of range");
  }

  @Test
  void paramsAreBounded() {
    assertThatThrownBy(() -> ALL.withTopK(0)).hasMessage("topK must be in [1, 10000], got 0");
    assertThatThrownBy(() -> ALL.withMaxItemsPerUser(1)).hasMessage("maxItemsPerUser must be in [2, 1000000], got 1");
    assertThat(ALL).isEqualTo(new ItemCf.Params(100, 1000));
  }
}
