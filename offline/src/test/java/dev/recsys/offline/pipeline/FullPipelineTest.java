package dev.recsys.offline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.cli.ProgressBar;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.publish.LocalModelStore;
import dev.recsys.offline.publish.Sha256;
import dev.recsys.offline.train.TrainOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullPipelineTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private static ProgressBar quietBar() {
    return new ProgressBar(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, "test");
  }

  @Test
  void smallRunPublishesEveryArtifactAndReportsEverySource(@TempDir Path out) throws Exception {
    List<String> lines = new ArrayList<>();
    FullPipeline.Options o = FullPipeline.Options.defaults().withSize(Size.SMALL)
        .withLightgbm(TrainOptions.defaults().withThreads(1));
    FullPipeline.Result r = FullPipeline.run(out, o, lines::add, quietBar(), clock);

    LocalModelStore store = new LocalModelStore(out.resolve("models"), clock);
    for (String name : List.of("itemcf", "swing", "twotower-user", "twotower-items", "widedeep")) {
      assertThat(store.versions(name)).as(name).containsExactly("1");
      Map<String, Object> m = store.metadata(name, "1");
      Path primary = out.resolve("models").resolve(name).resolve("1").resolve((String) m.get("model_file"));
      assertThat(Sha256.of(primary)).as(name).isEqualTo(m.get("sha256"));
      assertThat(m.get("training").toString()).as(name).contains("min_timestamp");
    }
    assertThat(r.report().recall()).extracting(rep -> rep.source())
        .containsExactly("popular", "itemcf", "swing", "twotower");
    assertThat(r.report().rankers()).extracting(m -> m.name())
        .containsExactly("popularity-ctr", "lightgbm", "widedeep");
    assertThat(r.report().rankers()).allSatisfy(m -> assertThat(m.auc()).isBetween(0.5, 1.0));
    assertThat(Files.readString(r.reportHtml())).contains("<svg", "twotower", "widedeep");
    assertThat(lines).anyMatch(l -> l.startsWith("[evaluate"));

    // The same version again is refused and the published files stay as they were.
    String before = Files.readString(out.resolve("models/itemcf/1/metadata.json"));
    assertThatThrownBy(() -> FullPipeline.run(out, o, lines::add, quietBar(), clock))
        .hasMessageContaining("step itemcf failed").hasMessageContaining("already published");
    assertThat(Files.readString(out.resolve("models/itemcf/1/metadata.json"))).isEqualTo(before);
  }

  @Test
  void aMissingMovieLensDirectoryFailsInTheDatasetStepNamingIt(@TempDir Path out) {
    FullPipeline.Options o = new FullPipeline.Options(Size.SMALL, 1, out.resolve("no-such-dir"),
        dev.recsys.offline.data.TemporalSplit.Method.TEMPORAL, "1", TrainOptions.defaults());
    assertThatThrownBy(() -> FullPipeline.run(out.resolve("x"), o, l -> { }, quietBar(), clock))
        .hasMessageContaining("step dataset failed").hasMessageContaining("no-such-dir");
  }
}
