package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SwingTest {

  private static final Swing.Params DEFAULTS = Swing.Params.defaults();

  // |I(u)| = 3, 2, 3, 2, 4. Overlaps: u0-u1 {0,1}, u0-u2 {0,1}, u0-u3 {1,2}, u0-u4 {0,1,2},
  // u1-u2 {0,1}, u1-u3 {1}, u1-u4 {0,1}, u2-u3 {1}, u2-u4 {0,1,3}, u3-u4 {1,2}.
  // U(0) = {u0,u1,u2,u4}, U(1) = {u0,u1,u2,u3,u4}, U(2) = {u0,u3,u4}, U(3) = {u2,u4}.
  private static final int[][] CLICKS = {{0, 1, 2}, {0, 1}, {0, 1, 3}, {1, 2}, {0, 1, 2, 3}};

  @Test
  void handComputedScoresWithThePapersDefaults() {
    I2iTable t = Swing.build(Clicks.of(CLICKS), 5, 4, DEFAULTS);
    double w0 = 1 / Math.sqrt(3 + 5.0);
    double w1 = 1 / Math.sqrt(2 + 5.0);
    double w2 = 1 / Math.sqrt(3 + 5.0);
    double w3 = 1 / Math.sqrt(2 + 5.0);
    double w4 = 1 / Math.sqrt(4 + 5.0);
    // sim(0,1): pairs of U(0) ∩ U(1) = {u0,u1,u2,u4}, each w*w / (1 + overlap).
    double s01 = w0 * w1 / 3 + w0 * w2 / 3 + w0 * w4 / 4 + w1 * w2 / 3 + w1 * w4 / 3 + w2 * w4 / 4;
    double s02 = w0 * w4 / 4; // U(0) ∩ U(2) = {u0, u4}
    double s03 = w2 * w4 / 4; // U(0) ∩ U(3) = {u2, u4}: equal to s02, tie goes to item 2
    double s12 = w0 * w3 / 3 + w0 * w4 / 4 + w3 * w4 / 3; // {u0, u3, u4}
    double s13 = w2 * w4 / 4;
    // sim(2,3): U(2) ∩ U(3) = {u4}, no pair: not a neighbour.
    assertThat(t.neighbors(0)).containsExactly(1, 2, 3);
    assertThat(t.scores(0)).containsExactly((float) s01, (float) s02, (float) s03);
    assertThat(t.neighbors(1)).containsExactly(0, 2, 3);
    assertThat(t.scores(1)).containsExactly((float) s01, (float) s12, (float) s13);
    assertThat(t.neighbors(2)).containsExactly(1, 0);
    assertThat(t.scores(2)).containsExactly((float) s12, (float) s02);
    assertThat(t.neighbors(3)).containsExactly(0, 1);
    assertThat(t.scores(3)).containsExactly((float) s03, (float) s13);
    assertThat((double) t.score(0, 0)).isCloseTo(0.2316754, within(1e-6));
  }

  @Test
  void alphaAndBetaEnterWhereTheFormulaSays() {
    I2iTable t = Swing.build(Clicks.of(CLICKS), 5, 4, DEFAULTS.withAlpha(0.5).withBeta(0));
    double w0 = 1 / Math.sqrt(3);
    double w1 = 1 / Math.sqrt(2);
    double w2 = 1 / Math.sqrt(3);
    double w4 = 1 / Math.sqrt(4);
    double s01 = w0 * w1 / 2.5 + w0 * w2 / 2.5 + w0 * w4 / 3.5 + w1 * w2 / 2.5 + w1 * w4 / 2.5 + w2 * w4 / 3.5;
    assertThat(t.score(0, 0)).isEqualTo((float) s01);
  }

  @Test
  void aCappedRowEnumeratesItsMostRecentUsersAndIsScaledToTheFullAudience() {
    // Item 0's users u0, u1, u2 clicked it at t = 9, 8, 7: at cap 2 its sample is {u0, u1}.
    // I(u0) = {0,1}, I(u1) = I(u2) = {0,1,2}.
    Clicks c = new Clicks();
    c.add(0, 0, 9, 1).add(1, 0, 8, 1).add(2, 0, 7, 1);
    c.add(0, 1, 1, 1).add(1, 1, 2, 1).add(2, 1, 3, 1);
    c.add(1, 2, 4, 1).add(2, 2, 5, 1);
    I2iTable t = Swing.build(c.build(), 3, 3, DEFAULTS.withMaxUsersPerItem(2));
    double w0 = 1 / Math.sqrt(2 + 5.0);
    double w1 = 1 / Math.sqrt(3 + 5.0);
    // Only the pair {u0, u1} (overlap {0, 1}), times N(N-1) / (M(M-1)) = 3*2 / (2*1).
    assertThat(t.neighbors(0)).containsExactly(1);
    assertThat(t.scores(0)).containsExactly((float) (3 * w0 * w1 / 3));
    // Item 2 has two users, under the cap: the pair {u1, u2}, overlap {0,1,2}, unscaled.
    assertThat(t.neighbors(2)).containsExactly(0, 1);
    assertThat(t.scores(2)).containsExactly((float) (w1 * w1 / 4), (float) (w1 * w1 / 4));
    // Uncapped, item 0 would also count {u0, u2} and {u1, u2}, and have item 2 as a neighbour.
    I2iTable full = Swing.build(c.build(), 3, 3, DEFAULTS);
    assertThat(full.scores(0)).containsExactly((float) (2 * w0 * w1 / 3 + w1 * w1 / 4), (float) (w1 * w1 / 4));
  }

  @Test
  void matchesTheFormulaOnARandomLog() {
    int[][] clicks = Reference.randomClicks(11, 30, 20, 0.3);
    I2iTable t = Swing.build(Clicks.of(clicks), 30, 20, DEFAULTS);
    double[][] ref = Reference.swing(clicks, 20, 1.0, 5.0);
    for (int i = 0; i < 20; i++) {
      int expected = 0;
      for (int j = 0; j < 20; j++) {
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
  void theSameWhateverTheRowOrderAndTheThreadsWithBindingCaps() {
    Clicks.Split s = Clicks.small();
    Swing.Params p = DEFAULTS.withMaxUsersPerItem(40).withMaxItemsPerUser(30).withTopK(20);
    ClickGraph g = Swing.graph(s.train(), s.users(), s.items(), p);
    int sampled = 0;
    for (int i = 0; i < s.items(); i++) {
      sampled += g.sampleSize(i);
    }
    assertThat(sampled).as("the item cap binds").isLessThan(g.edges());
    assertThat(ClickGraph.of(s.train(), s.users(), s.items(), ClickGraph.UNLIMITED, ClickGraph.UNLIMITED).edges())
        .as("the user cap binds").isGreaterThan(g.edges());
    I2iTable sequential = Swing.build(g, p, false);
    I2iTable parallel = Swing.build(g, p, true);
    assertThat(parallel).isEqualTo(sequential);
    assertThat(sequential.entries()).isGreaterThan(1000);
    for (int i = 0; i < sequential.numItems(); i++) {
      assertThat(sequential.size(i)).isLessThanOrEqualTo(20);
    }

    int[] reversed = new int[s.train().size()];
    Arrays.setAll(reversed, k -> reversed.length - 1 - k);
    assertThat(Swing.build(s.train().select(reversed), s.users(), s.items(), p)).isEqualTo(sequential);
  }

  @Test
  void paramsAreBounded() {
    assertThatThrownBy(() -> DEFAULTS.withAlpha(-1)).hasMessage("alpha must be in [0.0, 1000000.0], got -1.0");
    assertThatThrownBy(() -> DEFAULTS.withBeta(Double.NaN)).hasMessage("beta must be in [0.0, 1000000.0], got NaN");
    assertThatThrownBy(() -> DEFAULTS.withMaxUsersPerItem(1)).hasMessage("maxUsersPerItem must be in [2, 100000], got 1");
    assertThat(DEFAULTS).isEqualTo(new Swing.Params(100, 1.0, 5.0, 200, 200));
  }
}
