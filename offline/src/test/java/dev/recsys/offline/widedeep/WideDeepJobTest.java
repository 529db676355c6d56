package dev.recsys.offline.widedeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import dev.recsys.offline.features.FeatureMaterializer;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.transform.Json;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import dev.recsys.transform.widedeep.WideDeepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WideDeepJobTest {

  @TempDir Path dir;

  @Test
  void writesSpecModelAndMetadataAndEvaluatesTheWrittenModel() throws Exception {
    Path data = dir.resolve("data");
    new SyntheticGenerator(Size.SMALL, 42).writeTo(data);
    TemporalSplit.run(data);
    FeatureMaterializer.run(data);
    Path model = dir.resolve("model");
    List<String> lines = new ArrayList<>();
    WideDeepJob.Result r = WideDeepJob.run(data, model,
        WideDeepConfig.defaults().withEpochs(2).withThreads(1).withBatchSize(128),
        WideDeepEncoder.FitOptions.defaults(), lines::add);

    assertThat(r.onnxFile()).exists();
    assertThat(WideDeepSpec.load(r.specFile())).isEqualTo(r.spec());
    assertThat(r.maxOnnxDifference()).isLessThan(1e-5);
    assertThat(r.epochs()).hasSize(2);
    assertThat(lines).anyMatch(l -> l.startsWith("epoch 2: train logloss"));
    assertThat(r.testAuc()).isGreaterThan(0.66).isLessThan(r.bayesOptimalAuc());
    assertThat(r.testRows()).isEqualTo(1892);

    Map<?, ?> meta = (Map<?, ?>) Json.parse(Files.readString(r.metadataFile()), r.metadataFile().toString());
    assertThat(meta.get("sha256")).isEqualTo(r.onnxSha256());
    assertThat(meta.get("transform_spec_sha256")).isEqualTo(Sha256.of(r.specFile()));
    Map<?, ?> input = (Map<?, ?>) meta.get("input");
    assertThat(input.get("contract")).isEqualTo("widedeep-v1");
    assertThat(((List<?>) input.get("inputs"))).hasSize(3);
    assertThat(((Map<?, ?>) meta.get("metrics")).get("test_auc")).isEqualTo(WideDeepJob.round(r.testAuc()));
  }

  @Test
  void saysWhichJobToRunFirst() throws Exception {
    new SyntheticGenerator(Size.SMALL, 42).writeTo(dir);
    assertThatThrownBy(() -> WideDeepJob.encode(dir, WideDeepEncoder.FitOptions.defaults()))
        .hasMessageContaining("split/train.csv: not found; run the split job first");
    TemporalSplit.run(dir);
    assertThatThrownBy(() -> WideDeepJob.encode(dir, WideDeepEncoder.FitOptions.defaults()))
        .hasMessageContaining("features/users.csv: not found; run the features job first");
  }
}
