package dev.recsys.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ArtifactStorage} must do; one subclass per backend runs it. */
abstract class StorageContract {

  @TempDir Path tmp;

  /** The storage under test, empty. Its local staging folder must be {@code staging()}'s file system. */
  abstract ArtifactStorage storage() throws Exception;

  /** Where staged folders are made: for local storage, inside its root so a commit is a rename. */
  abstract Path staging() throws Exception;

  Path stage(String... nameAndContent) throws Exception {
    Path dir = Files.createDirectories(staging().resolve("s" + System.nanoTime()));
    for (int i = 0; i < nameAndContent.length; i += 2) {
      Files.writeString(dir.resolve(nameAndContent[i]), nameAndContent[i + 1]);
    }
    return dir;
  }

  @Test
  void committedVersionsAreListedReadAndImmutable() throws Exception {
    ArtifactStorage s = storage();
    assertThat(s.names()).isEmpty();
    assertThat(s.versions("ranker")).isEmpty();
    s.commit("ranker", "1", stage("model.txt", "tree one", "metadata.json", "{\"v\":1}"));
    s.commit("ranker", "2", stage("model.txt", "tree two!", "metadata.json", "{\"v\":2}"));
    s.commit("itemcf", "1", stage("i2i.csv", "a,b,1.0\n", "metadata.json", "{}"));

    assertThat(s.names()).containsExactly("itemcf", "ranker");
    assertThat(s.versions("ranker")).containsExactly("1", "2");
    assertThat(s.exists("ranker", "2")).isTrue();
    assertThat(s.exists("ranker", "3")).isFalse();
    assertThat(s.files("ranker", "2")).containsExactly(
        new ArtifactStorage.StoredFile("metadata.json", 7), new ArtifactStorage.StoredFile("model.txt", 9));
    try (InputStream in = s.open("ranker", "2", "model.txt").orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("tree two!");
    }
    assertThat(s.open("ranker", "2", "nope.txt")).isEqualTo(Optional.empty());

    assertThatThrownBy(() -> s.commit("ranker", "2", stage("model.txt", "other", "metadata.json", "{}")))
        .isInstanceOf(ArtifactStorage.VersionExistsException.class).hasMessageContaining("'2' is already published");
    try (InputStream in = s.open("ranker", "2", "model.txt").orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("tree two!");
    }
  }

  @Test
  void aVersionWithoutMetadataIsNotAVersion() throws Exception {
    ArtifactStorage s = storage();
    leaveHalfAVersion(s, "ranker", "9");
    assertThat(s.versions("ranker")).isEmpty();
    assertThat(s.names()).isEmpty();
    assertThat(s.exists("ranker", "9")).isFalse();
    // and publishing it properly afterwards works
    s.commit("ranker", "9", stage("model.txt", "whole", "metadata.json", "{}"));
    assertThat(s.versions("ranker")).containsExactly("9");
  }

  /** What a publish cut short leaves: files, no metadata.json. */
  abstract void leaveHalfAVersion(ArtifactStorage s, String name, String version) throws Exception;
}
