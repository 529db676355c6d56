package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Recall of the item-to-item sources against the popularity baseline on the SMALL synthetic split
 * (seed 42, 300 users, 200 items). The numbers at the DEFAULT size are in offline/docs/i2i.md.
 */
class I2iQualityTest {

  @Test
  void itemCfBeatsPopularityOnRecallAt50() {
    Clicks.Split s = Clicks.small();
    PopularSource popular = new PopularSource(s.train(), s.items(), s.history());
    RecallEvaluator eval = new RecallEvaluator(s.test(), s.history());
    I2iTable itemCf = ItemCf.build(s.train(), s.users(), s.items(), ItemCf.Params.defaults());
    I2iTable swing = Swing.build(s.train(), s.users(), s.items(), Swing.Params.defaults());

    double pop = eval.evaluate(popular).recall().get(50);
    double cf = eval.evaluate(new I2iSource(ItemCf.NAME, itemCf, s.history(), popular)).recall().get(50);
    double sw = eval.evaluate(new I2iSource(Swing.NAME, swing, s.history(), popular)).recall().get(50);

    assertThat(cf).as("itemcf Recall@50 vs popular %.4f", pop).isGreaterThan(pop);
    // Swing does not beat popularity on this data (0.718 vs 0.728 when written; see i2i.md). This
    // only guards against a broken build, which would fall far below the baseline.
    assertThat(sw).as("swing Recall@50 vs popular %.4f", pop).isGreaterThan(0.9 * pop);
  }
}
