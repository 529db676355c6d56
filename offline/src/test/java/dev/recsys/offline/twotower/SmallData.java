package dev.recsys.offline.twotower;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.recall.UserHistory;

/** The SMALL synthetic dataset (300 users, 200 items), split once per test JVM. */
final class SmallData {

  static final Dataset DATA = new SyntheticGenerator(Size.SMALL, 42).generate();
  static final Interactions TRAIN;
  static final Interactions TEST;
  static final UserHistory HISTORY;

  static {
    TemporalSplit.Result split = TemporalSplit.split(DATA.interactions());
    TRAIN = DATA.interactions().select(split.trainRows());
    TEST = DATA.interactions().select(split.testRows());
    HISTORY = UserHistory.of(TRAIN, DATA.users().size());
  }

  private SmallData() {}

  /** A quickly trained model: one epoch on one thread, about a second. */
  static TwoTowerModel quickModel() {
    return new TwoTowerTrainer(TwoTowerConfig.defaults().withEpochs(1).withBatchSize(256))
        .train(DATA.users(), DATA.items(), TRAIN).model();
  }
}
