package dev.recsys.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.registry.storage.ArtifactStorage;
import dev.recsys.registry.storage.ArtifactStorage.StoredFile;
import dev.recsys.registry.validate.ArtifactValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Published versions: names are checked, uploads staged and validated locally, then committed to
 * the configured {@link ArtifactStorage} (a local folder or an S3 bucket).
 */
@Component
public class ModelStore {

  /** Names and versions are path segments and object keys: keep them to a safe alphabet. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Path words of the stage endpoints, so no version can shadow them. */
  static final Set<String> RESERVED_VERSIONS = Set.of("production", "audit", "rollback");

  private final ArtifactStorage storage;
  private final Path staging;

  public ModelStore(ArtifactStorage storage, RegistryProperties props) {
    this.storage = storage;
    // Under the root, so that a local commit is a rename within one file system.
    this.staging = props.root().resolve(".staging");
  }

  /** One published version: its metadata as written at publish time and its files with sizes. */
  public record ModelVersion(String name, String version, JsonNode metadata, List<StoredFile> stored) {
    public List<String> files() {
      return stored.stream().map(StoredFile::name).toList();
    }

    public long sizeBytes() {
      return stored.stream().mapToLong(StoredFile::size).sum();
    }
  }

  public String location() {
    return storage.location();
  }

  public List<String> names() {
    return storage.names();
  }

  public List<ModelVersion> versions(String name) {
    List<String> versions = storage.versions(checked("model name", name));
    if (versions.isEmpty()) {
      throw new NotFoundException("model '" + name + "' does not exist; known models: " + names());
    }
    List<ModelVersion> out = new ArrayList<>();
    for (String v : versions) {
      out.add(read(name, v));
    }
    return out;
  }

  public ModelVersion version(String name, String version) {
    if (!storage.exists(checked("model name", name), checked("version", version))) {
      throw new NotFoundException("model '" + name + "' has no version '" + version + "'; versions: "
          + storage.versions(name));
    }
    return read(name, version);
  }

  /**
   * Publishes a version: the files and {@code metadata.json} are written to a hidden local staging
   * folder, validated there, and committed to the storage, so a version appears whole or not at
   * all. A refused upload leaves nothing behind and changes nothing.
   *
   * @throws IllegalArgumentException for bad names, a metadata name/version that differs from the
   *     path, or duplicate file names
   * @throws dev.recsys.registry.validate.InvalidArtifactException when validation refuses it
   * @throws ArtifactStorage.VersionExistsException when the version exists (versions are immutable)
   */
  public synchronized ModelVersion publish(String name, String version, byte[] metadata, List<Upload> files,
      ArtifactValidator validator) {
    checked("model name", name);
    checked("version", version);
    if (RESERVED_VERSIONS.contains(version)) {
      throw new IllegalArgumentException("version '" + version + "' is reserved (it names an endpoint: "
          + RESERVED_VERSIONS + ")");
    }
    if (storage.exists(name, version)) {
      throw new ArtifactStorage.VersionExistsException(name, version);
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
    Path dir = staging.resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(dir);
      Set<String> seen = new HashSet<>();
      for (Upload f : files) {
        String file = checked("file name", f.name());
        if (file.equals(ArtifactStorage.METADATA) || !seen.add(file)) {
          throw new IllegalArgumentException("part 'files': file name '" + file + "' is "
              + (file.equals(ArtifactStorage.METADATA) ? "reserved for the metadata part" : "given twice"));
        }
        try (InputStream in = f.content().get()) {
          Files.copy(in, dir.resolve(file));
        }
      }
      Files.write(dir.resolve(ArtifactStorage.METADATA), metadata);
      validator.validate(dir);
      storage.commit(name, version, dir);
      return read(name, version);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + name + "/" + version + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** One uploaded file: its name and a way to read it once. */
  public record Upload(String name, IoSupplier content) {}

  /** An {@link InputStream} source that may fail with an {@link IOException}. */
  @FunctionalInterface
  public interface IoSupplier {
    InputStream get() throws IOException;
  }

  /** One file of a version, opened: its size and its bytes. The caller closes the stream. */
  public record OpenedFile(long size, InputStream content) {}

  public OpenedFile open(String name, String version, String file) {
    ModelVersion v = version(name, version);
    StoredFile stored = v.stored().stream().filter(f -> f.name().equals(file)).findFirst().orElseThrow(() ->
        new NotFoundException("model '" + name + "' version '" + version + "' has no file '" + file + "'; files: "
            + v.files()));
    try {
      InputStream in = storage.open(name, version, stored.name()).orElseThrow(() ->
          new NotFoundException("model '" + name + "' version '" + version + "' file '" + file + "' vanished"));
      return new OpenedFile(stored.size(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + "/" + version + "/" + file + ": " + e.getMessage(), e);
    }
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

  private ModelVersion read(String name, String version) {
    try {
      JsonNode meta;
      try (InputStream in = storage.open(name, version, ArtifactStorage.METADATA).orElseThrow(() ->
          new NotFoundException("model '" + name + "' version '" + version + "' has no metadata.json"))) {
        meta = JSON.readTree(in);
      }
      return new ModelVersion(name, version, meta, storage.files(name, version));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + "/" + version + " in " + storage.location() + ": "
          + e.getMessage(), e);
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
