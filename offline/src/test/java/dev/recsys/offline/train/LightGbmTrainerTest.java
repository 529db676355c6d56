package dev.recsys.offline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.offline.OfflinePipeline;
import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.Users;
import dev.recsys.offline.eval.Metrics;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.Json;
import dev.recsys.transform.RankFeatureEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightGbmTrainerTest {

  @TempDir
  static Path dir;
  static OfflinePipeline.DemoResult demo;

  @BeforeAll
  static void runDemo() {
    demo = OfflinePipeline.demo(dir, Size.SMALL, 42);
  }

  @Test
  void beatsPopularityAndStaysBelowTheBayesOptimum() {
    TrainResult r = demo.lightgbm();
    // Measured on seeds 1, 2, 3, 7, 42: LightGBM 0.67-0.72, popularity CTR 0.645-0.668,
    // Bayes-optimal 0.75-0.79. The margins below leave room for LightGBM version noise only.
    assertThat(r.testAuc()).isGreaterThan(0.65);
    assertThat(r.testAuc()).isGreaterThan(r.popularityCtrAuc() + 0.015);
    assertThat(r.popularityCtrAuc()).isGreaterThan(r.popularityCountAuc());
    assertThat(r.testAuc()).isLessThan(r.bayesOptimalAuc());
    assertThat(r.bayesOptimalAuc()).isGreaterThan(0.7);
    assertThat(r.testLogloss()).isLessThan(r.popularityCtrLogloss());
    assertThat(r.testRows()).isEqualTo(1892);
    assertThat(r.trainRows()).isEqualTo(r.trainRowsAvailable());
  }

  @Test
  void modelFileLoadsBackAndScoresRowsBuiltByTheSharedEncoder() {
    TrainResult r = demo.lightgbm();
    Users users = DatasetFiles.readUsers(DatasetFiles.users(dir));
    Items items = DatasetFiles.readItems(DatasetFiles.items(dir));
    Interactions test = DatasetFiles.readInteractions(DatasetFiles.test(dir), users, items);
    ColumnBatch uf = CsvTables.read(DatasetFiles.userFeatures(dir), FeatureTables.USER);
    ColumnBatch itf = CsvTables.read(DatasetFiles.itemFeatures(dir), FeatureTables.ITEM);
    // Feature rows are written in dataset order, so dataset row == feature row here.
    int[] identityUsers = new int[users.size()];
    int[] identityItems = new int[items.size()];
    for (int i = 0; i < identityUsers.length; i++) {
      identityUsers[i] = i;
    }
    for (int i = 0; i < identityItems.length; i++) {
      identityItems[i] = i;
    }
    int width = RankFeatureEncoder.input().width();
    LightGbmTrainer.Rows rows = LightGbmTrainer.encode(RankFeatureEncoder.bind(uf, itf), width, test,
        identityUsers, identityItems);
    double[] p = LightGbmTrainer.predict(r.modelFile(), rows, width, 1);
    assertThat(java.util.Arrays.stream(p).allMatch(v -> v > 0 && v < 1)).isTrue();
    assertThat(Metrics.auc(p, test.labels())).isCloseTo(r.testAuc(), Offset.offset(1e-9));
  }

  @Test
  void metadataDescribesTheArtifact() throws Exception {
    TrainResult r = demo.lightgbm();
    assertThat(r.modelDir()).isEqualTo(dir.resolve("models/lightgbm/1"));
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(r.metadataFile()), "metadata.json");
    assertThat(m).containsEntry("name", "lightgbm").containsEntry("version", "1").containsEntry("type", "lightgbm");
    assertThat(m.get("sha256")).isEqualTo(Sha256.of(r.modelFile())).isEqualTo(r.sha256());
    Map<?, ?> input = (Map<?, ?>) m.get("input");
    assertThat(input.get("version")).isEqualTo(RankFeatureEncoder.VERSION);
    assertThat(input.get("features")).isEqualTo(RankFeatureEncoder.input().featureNames());
    Map<?, ?> metrics = (Map<?, ?>) m.get("metrics");
    assertThat(((Number) metrics.get("test_auc")).doubleValue()).isCloseTo(r.testAuc(), Offset.offset(1e-5));
    assertThat(metrics.get("bayes_optimal_auc")).isNotNull();
    Map<?, ?> training = (Map<?, ?>) m.get("training");
    assertThat(training.get("subsampled")).isEqualTo(false);
    assertThat(((Map<?, ?>) training.get("time_range")).keySet().toString()).isEqualTo("[min_timestamp, max_timestamp]");
    assertThat(Files.readString(r.modelFile())).contains("objective=binary");
  }

  @Test
  void subsamplingIsRecordedAndVersionIsConfigurable() throws Exception {
    Clock fixed = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
    TrainOptions options = TrainOptions.defaults().withVersion("sub").withThreads(1).withMaxTrainRows(5000)
        .withIterations(20);
    TrainResult r = new LightGbmTrainer(fixed).run(dir, options);
    assertThat(r.trainRows()).isEqualTo(5000);
    assertThat(r.trainRowsAvailable()).isGreaterThan(5000);
    String meta = Files.readString(dir.resolve("models/lightgbm/sub/metadata.json"));
    assertThat(meta).contains("\"subsampled\": true").contains("\"created_at\": \"2024-01-02T03:04:05Z\"");
  }

  @Test
  void missingInputsSayWhichJobToRun(@TempDir Path empty) {
    assertThatThrownBy(() -> new LightGbmTrainer().run(empty, TrainOptions.defaults()))
        .hasMessageContaining("run the split job first");
    assertThatThrownBy(() -> TrainOptions.defaults().withVersion("../x"))
        .hasMessageContaining("model version must match");
  }

  @Test
  void subsampleKeepsTimeOrderAndIsSeeded() {
    int n = 100;
    int[] u = new int[n];
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      t[k] = k;
    }
    Interactions in = new Interactions(u, new int[n], t, new byte[n], new byte[n]);
    Interactions a = LightGbmTrainer.subsample(in, 10, 3);
    Interactions b = LightGbmTrainer.subsample(in, 10, 3);
    assertThat(a.timestamps()).isSorted().hasSize(10).isEqualTo(b.timestamps());
    assertThat(LightGbmTrainer.subsample(in, 1000, 3)).isSameAs(in);
  }

  @Test
  void popularListsAndFeaturesWereWritten() {
    assertThat(List.of(demo.userFeatures(), demo.itemFeatures(), demo.popular(), demo.popularByCategory()))
        .allMatch(Files::exists);
  }
}
