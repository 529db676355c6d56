package dev.recsys.registry.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real artifacts from the offline pipeline (small data) pass; each one made corrupt, truncated,
 * mismatched or incomplete is refused with a message naming the file.
 */
class ArtifactValidatorTest {

  private final ArtifactValidator validator = new ArtifactValidator();

  /** A private copy of a published version, to damage. */
  private static Path copy(String name, Path into) throws IOException {
    Path src = PipelineArtifacts.models().resolve(name).resolve("1");
    Path dst = Files.createDirectories(into.resolve(name));
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) {
        Files.copy(p, dst.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dst;
  }

  @Test
  void everyArtifactThePipelinePublishesIsValid() {
    for (String name : List.of("itemcf", "swing", "twotower-user", "twotower-items", "widedeep", "lightgbm")) {
      Path dir = PipelineArtifacts.models().resolve(name).resolve("1");
      assertThat(validator.validate(dir).get("name").asText()).as(name).isEqualTo(name);
    }
  }

  @Test
  void aTruncatedOnnxModelIsRefusedByItsChecksum(@TempDir Path tmp) throws Exception {
    Path dir = copy("widedeep", tmp);
    byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
    Files.write(dir.resolve("model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> validator.validate(dir)).isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("model.onnx").hasMessageContaining("truncated");
  }

  @Test
  void anOnnxModelThatDoesNotLoadIsRefusedEvenWithAMatchingChecksum(@TempDir Path tmp) throws Exception {
    Path dir = copy("widedeep", tmp);
    Files.writeString(dir.resolve("model.onnx"), "not a model");
    rewriteChecksums(dir);
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("model.onnx: ONNX Runtime cannot load it");
  }

  @Test
  void anOnnxModelWhoseInputsDifferFromTheDeclaredSignatureIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = copy("widedeep", tmp);
    Path meta = dir.resolve("metadata.json");
    Files.writeString(meta, Files.readString(meta).replace("\"dense\"", "\"dense_v2\""));
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("model's inputs are [categorical, dense, wide]")
        .hasMessageContaining("[categorical, dense_v2, wide]");
  }

  @Test
  void aLightGbmModelThatDoesNotParseIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = copy("lightgbm", tmp);
    Files.writeString(dir.resolve("model.txt"), "tree\nversion=v4\nnum_class=oops\n");
    rewriteChecksums(dir);
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("model.txt: LightGBM cannot");
  }

  @Test
  void aBadTableLineIsNamed(@TempDir Path tmp) throws Exception {
    Path dir = copy("itemcf", tmp);
    Path table = dir.resolve("itemcf.csv");
    List<String> lines = Files.readAllLines(table);
    lines.set(3, "1,2,-0.5");
    Files.write(table, lines);
    rewriteChecksums(dir);
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("itemcf.csv:4: score -0.5");
  }

  @Test
  void vectorsShorterThanTheirHeaderSaysAreRefused(@TempDir Path tmp) throws Exception {
    Path dir = copy("twotower-items", tmp);
    Path data = dir.resolve("item_embeddings.f32");
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    rewriteChecksums(dir);
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("item_embeddings.f32")
        .hasMessageContaining("count 200 x dim 32");
  }

  @Test
  void unlistedMissingOrUnknownThingsAreRefused(@TempDir Path tmp) throws Exception {
    Path dir = copy("swing", tmp);
    Files.writeString(dir.resolve("extra.bin"), "x");
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("[extra.bin] are not listed");
    Files.delete(dir.resolve("extra.bin"));
    Files.delete(dir.resolve("swing.csv"));
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("swing.csv: listed in metadata.json but missing");
    Files.writeString(dir.resolve("metadata.json"), "{\"type\": \"pickle\"}");
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("type 'pickle' is unknown")
        .hasMessageContaining("onnx");
    Files.writeString(dir.resolve("metadata.json"), "{oops");
    assertThatThrownBy(() -> validator.validate(dir)).hasMessageContaining("metadata.json: not valid JSON");
  }

  /** Re-signs a damaged folder, so a check other than the checksum has to catch the damage. */
  private static void rewriteChecksums(Path dir) throws IOException {
    Path meta = dir.resolve("metadata.json");
    String text = Files.readString(meta);
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        String name = p.getFileName().toString();
        if (name.equals("metadata.json")) {
          continue;
        }
        String sha = ArtifactValidator.sha256(p);
        long size = Files.size(p);
        // files[] entries are {"name": N, "sha256": S, "size": Z}; rewrite S and Z for this file.
        text = text.replaceAll("(\"name\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(name)
            + "\",\\s*\"sha256\"\\s*:\\s*)\"[0-9a-f]{64}\"(,\\s*\"size\"\\s*:\\s*)\\d+", "$1\"" + sha + "\"$2" + size);
        if (text.contains("\"model_file\": \"" + name + "\"") || text.contains("\"model_file\":\"" + name + "\"")) {
          text = text.replaceFirst("(\"model_file\"\\s*:\\s*\"[^\"]+\",\\s*\"sha256\"\\s*:\\s*)\"[0-9a-f]{64}\"", "$1\"" + sha + "\"");
        }
      }
    }
    Files.writeString(meta, text);
  }
}
