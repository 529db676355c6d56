package dev.recsys.offline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelStoreTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private Artifact artifact(Path model, String version) {
    return new Artifact("widedeep", version, ArtifactType.ONNX, List.of(model),
        Map.of("contract", "wd-v1"), Map.of("test_auc", 0.75), Map.of("min_timestamp", 1L, "max_timestamp", 9L));
  }

  @Test
  void publishesFilesWithChecksumsAndMetadata(@TempDir Path tmp) throws Exception {
    Path model = Files.writeString(tmp.resolve("model.onnx"), "abc");
    LocalModelStore store = new LocalModelStore(tmp.resolve("models"), clock);
    Path dir = store.publish(artifact(model, "1"));
    assertThat(dir).isEqualTo(tmp.resolve("models/widedeep/1"));
    assertThat(Files.readString(dir.resolve("model.onnx"))).isEqualTo("abc");
    Map<String, Object> m = store.metadata("widedeep", "1");
    // sha256("abc"), a published test vector
    assertThat(m).containsEntry("sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        .containsEntry("type", "onnx").containsEntry("model_file", "model.onnx")
        .containsEntry("created_at", "2026-11-23T10:00:00Z");
    assertThat(store.versions("widedeep")).containsExactly("1");
  }

  @Test
  void aPublishedVersionIsImmutable(@TempDir Path tmp) throws Exception {
    Path model = Files.writeString(tmp.resolve("model.onnx"), "abc");
    LocalModelStore store = new LocalModelStore(tmp.resolve("models"), clock);
    store.publish(artifact(model, "1"));
    Files.writeString(model, "changed");
    assertThatThrownBy(() -> store.publish(artifact(model, "1")))
        .hasMessageContaining("already published").hasMessageContaining("immutable");
    assertThat(Files.readString(tmp.resolve("models/widedeep/1/model.onnx"))).isEqualTo("abc");
  }

  @Test
  void missingFilesAndBadNamesAreRejectedAndLeaveNothing(@TempDir Path tmp) {
    LocalModelStore store = new LocalModelStore(tmp.resolve("models"), clock);
    assertThatThrownBy(() -> store.publish(artifact(tmp.resolve("nope.onnx"), "2")))
        .hasMessageContaining("nope.onnx").hasMessageContaining("not a file");
    assertThat(store.versions("widedeep")).isEmpty();
    assertThatThrownBy(() -> artifact(tmp.resolve("x"), "../1")).hasMessageContaining("version '../1' is invalid");
    assertThatThrownBy(() -> ArtifactType.parse("pickle")).hasMessageContaining("onnx, lightgbm, i2i-table");
  }
}
