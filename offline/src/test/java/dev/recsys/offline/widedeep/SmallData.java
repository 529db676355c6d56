package dev.recsys.offline.widedeep;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;

/** SMALL synthetic data (300 users, 200 items, 20k interactions), split and encoded in memory. */
final class SmallData {

  final SyntheticGenerator generator = new SyntheticGenerator(Size.SMALL, 42);
  final Dataset dataset = generator.generate();
  final Interactions train;
  final Interactions test;
  final FeatureMaterializer.Tables tables;
  final WideDeepEncoder encoder;
  final TrainingRows trainRows;
  final WideDeepBatch testBatch;

  private static SmallData instance;

  /** One shared instance: building it takes well under a second, but every test class needs it. */
  static synchronized SmallData get() {
    if (instance == null) {
      instance = new SmallData();
    }
    return instance;
  }

  private SmallData() {
    TemporalSplit.Result split = TemporalSplit.split(dataset.interactions());
    train = dataset.interactions().select(split.trainRows());
    test = dataset.interactions().select(split.testRows());
    tables = FeatureMaterializer.build(dataset.users(), dataset.items(), train);
    // The feature tables hold every dataset user and item in dataset order: row = dataset index.
    encoder = new WideDeepEncoder(WideDeepEncoder.fit(tables.users(), tables.items(), train.users(), train.items(),
        train.timestamps(), WideDeepEncoder.FitOptions.defaults()));
    WideDeepEncoder.Bound bound = encoder.bind(tables.users(), tables.items());
    trainRows = TrainingRows.of(WideDeepJob.encodeRows(bound, train.users(), train.items(), train.timestamps()),
        train.labels());
    testBatch = WideDeepJob.encodeRows(bound, test.users(), test.items(), test.timestamps());
  }
}
