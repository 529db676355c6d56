package dev.recsys.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.registry.validate.ArtifactValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Reads the registry's local folder layout, the same one the offline jobs publish into.
 *
 * <p>Skeleton: read-only listing and download. Upload with validation, stages, promote/rollback,
 * audit, S3 storage and JPA metadata are issue 5.
 */
@Component
public class LocalModelStore {

  /** Names and versions are path segments: keep them to a safe alphabet. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Path words of the stage endpoints, so no version can shadow them. */
  static final java.util.Set<String> RESERVED_VERSIONS = java.util.Set.of("production", "audit", "rollback");

  private final Path root;

  public LocalModelStore(RegistryProperties props) {
    if (props.root() == null) {
      throw new IllegalStateException("recsys.registry.root is not set; point it at the models folder");
    }
    this.root = props.root();
  }

  /** One published version: its metadata as written at publish time and its artifact files. */
  public record ModelVersion(String name, String version, JsonNode metadata, List<String> files) {}

  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<ModelVersion> versions(String name) {
    Path dir = root.resolve(checked("model name", name));
    if (!Files.isDirectory(dir)) {
      throw new NotFoundException("model '" + name + "' does not exist; known models: " + names());
    }
    List<ModelVersion> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path v : s.filter(p -> Files.exists(p.resolve("metadata.json")))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
        out.add(read(name, v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public ModelVersion version(String name, String version) {
    Path dir = root.resolve(checked("model name", name)).resolve(checked("version", version));
    if (!Files.exists(dir.resolve("metadata.json"))) {
      throw new NotFoundException("model '" + name + "' has no version '" + version + "'; versions: "
          + versions(name).stream().map(ModelVersion::version).toList());
    }
    return read(name, dir);
  }

  /**
   * Publishes a version: the files and {@code metadata.json} are written to a hidden staging
   * folder, validated there, and the folder is renamed into place, so a version appears whole or
   * not at all. A refused upload leaves nothing behind and changes nothing.
   *
   * @throws IllegalArgumentException for bad names, a metadata name/version that differs from the
   *     path, or duplicate file names
   * @throws dev.recsys.registry.validate.InvalidArtifactException when validation refuses it
   * @throws ConflictException when the version exists (versions are immutable)
   */
  public synchronized ModelVersion publish(String name, String version, byte[] metadata, List<Upload> files,
      ArtifactValidator validator) {
    Path target = root.resolve(checked("model name", name)).resolve(checked("version", version));
    if (RESERVED_VERSIONS.contains(version)) {
      throw new IllegalArgumentException("version '" + version + "' is reserved (it names an endpoint: "
          + RESERVED_VERSIONS + ")");
    }
    if (Files.exists(target)) {
      throw new ConflictException("model '" + name + "' version '" + version + "' is already published; versions are"
          + " immutable, publish a new version");
    }
    JsonNode meta;
    try {
      meta = JSON.readTree(metadata);
    } catch (IOException e) {
      throw new IllegalArgumentException("part 'metadata': not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
    if (meta == null || !name.equals(meta.path("name").asText()) || !version.equals(meta.path("version").asText())) {
      throw new IllegalArgumentException("part 'metadata': name/version must be '" + name + "'/'" + version
          + "' as in the path, found '" + (meta == null ? null : meta.path("name").asText()) + "'/'"
          + (meta == null ? null : meta.path("version").asText()) + "'");
    }
    Path staging = root.resolve(".staging").resolve(java.util.UUID.randomUUID().toString());
    try {
      Files.createDirectories(staging);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Upload f : files) {
        String file = checked("file name", f.name());
        if (file.equals("metadata.json") || !seen.add(file)) {
          throw new IllegalArgumentException("part 'files': file name '" + file + "' is "
              + (file.equals("metadata.json") ? "reserved for the metadata part" : "given twice"));
        }
        try (InputStream in = f.content().get()) {
          Files.copy(in, staging.resolve(file));
        }
      }
      Files.write(staging.resolve("metadata.json"), metadata);
      validator.validate(staging);
      Files.createDirectories(target.getParent());
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return read(name, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + name + "/" + version + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(staging);
    }
  }

  /** One uploaded file: its name and a way to read it once. */
  public record Upload(String name, IoSupplier content) {}

  /** An {@link InputStream} source that may fail with an {@link IOException}. */
  @FunctionalInterface
  public interface IoSupplier {
    InputStream get() throws IOException;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover hidden staging folder is never listed and is replaced by a fresh UUID next time
    }
  }

  public static final class ConflictException extends RuntimeException {
    ConflictException(String message) {
      super(message);
    }
  }

  public Path artifact(String name, String version, String file) {
    ModelVersion v = version(name, version);
    if (!v.files().contains(file)) {
      throw new NotFoundException("model '" + name + "' version '" + version + "' has no file '" + file + "'; files: " + v.files());
    }
    return root.resolve(name).resolve(version).resolve(file);
  }

  private ModelVersion read(String name, Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      JsonNode meta = JSON.readTree(dir.resolve("metadata.json").toFile());
      List<String> files = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
      return new ModelVersion(name, dir.getFileName().toString(), meta, files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String checked(String what, String value) {
    if (!SEGMENT.matcher(value).matches() || value.startsWith(".")) {
      throw new IllegalArgumentException(what + " '" + value + "' is invalid; use 1 to 64 of [A-Za-z0-9._-], not starting with '.'");
    }
    return value;
  }

  public static final class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
      super(message);
    }
  }
}
