package dev.recsys.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.codegen.schema.SchemaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator: incremental runs and all-or-nothing writes. */
class CodegenTest {
  @TempDir
  Path tmp;

  private final List<String> log = new ArrayList<>();

  private Codegen.Result run(Path schemas, Path out) throws Exception {
    return new Codegen(log::add).run(new CodegenRequest(schemas, out, "com.example.features", tmp));
  }

  private static Map<String, FileTime> snapshot(Path dir) throws Exception {
    Map<String, FileTime> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p) + ":" + Files.readString(p).hashCode(), Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  private Path schemas() throws Exception {
    Path dir = tmp.resolve("features");
    Files.createDirectories(dir);
    for (String name : List.of("item.yaml", "user_item.yaml")) {
      Files.copy(Path.of("src/test/resources/schemas", name), dir.resolve(name));
    }
    return dir;
  }

  @Test
  void secondRunWithUnchangedSchemasWritesNothing() throws Exception {
    Path schemas = schemas();
    Path out = tmp.resolve("out");
    assertThat(run(schemas, out)).isEqualTo(new Codegen.Result(Codegen.Status.GENERATED, 13));
    assertThat(out.resolve("com/example/features/ItemFeatures.java")).exists();
    for (Path p : Files.walk(out).filter(Files::isRegularFile).toList()) {
      Files.setLastModifiedTime(p, FileTime.fromMillis(0)); // any rewrite would show as a new time
    }
    Map<String, FileTime> before = snapshot(out);
    assertThat(run(schemas, out).status()).isEqualTo(Codegen.Status.UP_TO_DATE);
    assertThat(snapshot(out)).isEqualTo(before);
    assertThat(log.get(1)).contains("up to date");
  }

  @Test
  void changedSchemaRegeneratesAndRemovedEntityIsDeleted() throws Exception {
    Path schemas = schemas();
    Path out = tmp.resolve("out");
    run(schemas, out);
    Files.delete(schemas.resolve("user_item.yaml"));
    assertThat(run(schemas, out)).isEqualTo(new Codegen.Result(Codegen.Status.GENERATED, 8));
    assertThat(out.resolve("com/example/features/UserItemFeatures.java")).doesNotExist();
    assertThat(Files.readString(out.resolve("com/example/features/FeatureCatalog.java"))).doesNotContain("user_item");
  }

  @Test
  void invalidSchemaLeavesOutputUntouched() throws Exception {
    Path schemas = schemas();
    Path out = tmp.resolve("out");
    run(schemas, out);
    Map<String, FileTime> before = snapshot(out);
    Files.writeString(schemas.resolve("user_item.yaml"),
        Files.readString(schemas.resolve("user_item.yaml")).replace("type: long", "type: lng"));
    assertThatThrownBy(() -> run(schemas, out)).isInstanceOf(SchemaException.class)
        .hasMessageContaining("features/user_item.yaml:11:11: unknown type 'lng'");
    assertThat(snapshot(out)).isEqualTo(before);
  }

  @Test
  void badPackageNameIsRejected() throws Exception {
    assertThatThrownBy(() -> new Codegen(log::add).run(new CodegenRequest(schemas(), tmp.resolve("o"), "Com.Bad-", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packageName 'Com.Bad-'");
  }
}
