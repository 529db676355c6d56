package dev.recsys.offline.twotower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.data.Interactions;
import java.util.HashSet;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TwoTowerTrainerTest {

  private static TwoTowerTrainer.Result train(TwoTowerConfig config) {
    return new TwoTowerTrainer(config).train(SmallData.DATA.users(), SmallData.DATA.items(), SmallData.TRAIN);
  }

  @Test
  void sameSeedAndThreadCountGiveTheSameModelBitForBit() {
    TwoTowerConfig one = TwoTowerConfig.defaults().withEpochs(2).withBatchSize(256);
    TwoTowerTrainer.Result a = train(one);
    TwoTowerTrainer.Result b = train(one);
    assertThat(b.epochLoss()).containsExactly(a.epochLoss());
    assertThat(b.model().itemEmbeddings()).containsExactly(a.model().itemEmbeddings());

    TwoTowerConfig two = one.withThreads(2);
    TwoTowerTrainer.Result c = train(two);
    TwoTowerTrainer.Result d = train(two);
    assertThat(d.model().itemEmbeddings()).containsExactly(c.model().itemEmbeddings());
    // Another thread count only reorders float sums: the same model up to rounding.
    assertThat(c.epochLoss()[1]).isCloseTo(a.epochLoss()[1], Offset.offset(1e-3));

    assertThat(train(one.withSeed(43)).model().itemEmbeddings()).isNotEqualTo(a.model().itemEmbeddings());
  }

  @Test
  void lossFallsOverEpochs() {
    TwoTowerTrainer.Result r = train(TwoTowerConfig.defaults().withEpochs(4).withBatchSize(256));
    // One example per distinct (user, item) positive: repeats are skipped.
    Set<Long> pairs = new HashSet<>();
    Interactions t = SmallData.TRAIN;
    for (int k = 0; k < t.size(); k++) {
      if (t.labels()[k] == 1) {
        pairs.add((long) t.users()[k] << 32 | t.items()[k]);
      }
    }
    assertThat(r.examples()).isEqualTo(pairs.size()).isLessThan(t.positives());
    assertThat(r.epochLoss()).hasSize(4);
    assertThat(r.epochLoss()[3]).isLessThan(r.epochLoss()[0]);
  }

  @Test
  void rejectsTrainingDataWithoutPositivesOrOutsideTheTables() {
    Interactions none = new Interactions(new int[] {0}, new int[] {0}, new long[] {1}, new byte[1], new byte[] {0});
    assertThatThrownBy(() -> new TwoTowerTrainer(TwoTowerConfig.defaults())
        .train(SmallData.DATA.users(), SmallData.DATA.items(), none))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 0 in 1");
    Interactions outside = new Interactions(new int[] {0, 1}, new int[] {0, 999}, new long[] {1, 2}, new byte[2],
        new byte[] {1, 1});
    assertThatThrownBy(() -> new TwoTowerTrainer(TwoTowerConfig.defaults())
        .train(SmallData.DATA.users(), SmallData.DATA.items(), outside))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training interaction 1 references user row 1 / item row 999");
  }

  @Test
  void configRejectsValuesOutOfBoundsNamingTheField() {
    assertThatThrownBy(() -> TwoTowerConfig.defaults().withTemperature(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two-tower temperature = 0.0 is out of range (0.0, 10.0]");
    assertThatThrownBy(() -> TwoTowerConfig.defaults().withBatchSize(1))
        .hasMessageContaining("batchSize = 1.0 is out of range [2.0, 65536.0]");
    assertThatThrownBy(() -> TwoTowerConfig.defaults().withLogQWeight(1.5)).hasMessageContaining("logQWeight");
    assertThat(TwoTowerConfig.defaults().toMap()).containsKeys("dim", "temperature", "logq_weight", "seed");
  }
}
