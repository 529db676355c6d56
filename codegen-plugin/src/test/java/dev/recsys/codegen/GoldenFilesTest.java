package dev.recsys.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.codegen.generate.CodegenModel;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.SchemaParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Generated sources compared byte for byte with src/test/golden (which Maven also compiles as a
 * test source root, so the golden files are proven to compile). Regenerate with
 * {@code ./mvnw -pl codegen-plugin test -Dtest=GoldenFilesTest -Dcodegen.updateGolden=true}.
 */
class GoldenFilesTest {
  static final String PACKAGE = "dev.recsys.codegen.golden";

  static Path goldenDir() {
    return Path.of(System.getProperty("codegen.goldenDir", "src/test/golden"));
  }

  static SortedMap<String, String> generated() throws Exception {
    List<FeatureSchema> schemas = new SchemaParser().parseDirectory(Path.of("src/test/resources/schemas"), null);
    return Codegen.generate(new CodegenModel(schemas, PACKAGE));
  }

  @Test
  void generatedSourcesMatchGoldenFiles() throws Exception {
    SortedMap<String, String> sources = generated();
    Path golden = goldenDir();
    Path packageDir = golden.resolve(PACKAGE.replace('.', '/'));
    if (Boolean.getBoolean("codegen.updateGolden")) {
      if (Files.isDirectory(packageDir)) {
        try (Stream<Path> files = Files.list(packageDir)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".java")
              && !f.getFileName().toString().endsWith("Test.java")).toList()) {
            Files.delete(f);
          }
        }
      }
      for (var e : sources.entrySet()) {
        Path target = golden.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
      }
    }
    for (var e : sources.entrySet()) {
      Path file = golden.resolve(e.getKey());
      assertThat(file).as("golden file for %s (run with -Dcodegen.updateGolden=true)", e.getKey()).exists();
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(e.getKey()).isEqualTo(e.getValue());
    }
    try (Stream<Path> files = Files.list(packageDir)) {
      List<String> stale = files.map(f -> f.getFileName().toString())
          .filter(n -> !n.endsWith("Test.java"))
          .filter(n -> !sources.containsKey(PACKAGE.replace('.', '/') + "/" + n))
          .toList();
      assertThat(stale).as("golden files no longer generated").isEmpty();
    }
  }

  @Test
  void generationIsDeterministic() throws Exception {
    assertThat(generated()).isEqualTo(generated());
  }
}
