package dev.recsys.modelclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A service's local copy of the versions it serves: {@code <root>/<name>/<version>/}. A version is
 * downloaded into a temporary folder, every file checked against the sha256 and size in its
 * metadata, and only then renamed into place; a cached version is checked again before it is used.
 * {@code <root>/<name>/serving} records the version last put in service, the fallback when the
 * registry cannot be reached at start.
 */
public final class ModelCache {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "metadata.json";
  private static final String SERVING = "serving";

  private final Path root;
  private final RegistryClient registry;

  public ModelCache(Path root, RegistryClient registry) {
    this.root = root;
    this.registry = registry;
  }

  /** The verified local folder of {@code name/version}, downloaded when not cached. */
  public Path fetch(String name, String version) throws IOException {
    Path dir = root.resolve(name).resolve(version);
    if (Files.isRegularFile(dir.resolve(METADATA))) {
      try {
        verify(dir);
        return dir;
      } catch (CorruptArtifactException e) {
        deleteTree(dir); // damaged on disk since it was cached: download it again
      }
    }
    RegistryClient.VersionFiles v = registry.version(name, version);
    Path tmp = Files.createDirectories(root.resolve(name).resolve(".download-" + UUID.randomUUID()));
    try {
      for (String file : v.files()) {
        registry.download(name, version, file, tmp.resolve(file));
      }
      if (!Files.isRegularFile(tmp.resolve(METADATA))) {
        Files.writeString(tmp.resolve(METADATA), JSON.writeValueAsString(v.metadata()), StandardCharsets.UTF_8);
      }
      verify(tmp);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } finally {
      deleteTree(tmp);
    }
  }

  /** Records that {@code version} is in service, so a restart without the registry can use it. */
  public void markServing(String name, String version) throws IOException {
    Path tmp = root.resolve(name).resolve(SERVING + ".tmp");
    Files.createDirectories(tmp.getParent());
    Files.writeString(tmp, version, StandardCharsets.UTF_8);
    Files.move(tmp, root.resolve(name).resolve(SERVING), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The version last in service and its verified folder, if it is still cached intact. */
  public Optional<Cached> lastServing(String name) {
    Path pointer = root.resolve(name).resolve(SERVING);
    try {
      if (!Files.isRegularFile(pointer)) {
        return Optional.empty();
      }
      String version = Files.readString(pointer, StandardCharsets.UTF_8).strip();
      Path dir = root.resolve(name).resolve(version);
      verify(dir);
      return Optional.of(new Cached(version, dir));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A cached version's folder. */
  public record Cached(String version, Path dir) {}

  /**
   * Checks every file the metadata lists ({@code files[]}: name, size, sha256) or, for metadata that
   * names only its primary file, {@code model_file} against {@code sha256}.
   *
   * @throws CorruptArtifactException naming the file and both digests
   */
  public static void verify(Path dir) throws IOException {
    JsonNode meta = JSON.readTree(dir.resolve(METADATA).toFile());
    JsonNode files = meta.get("files");
    if (files != null && files.isArray() && !files.isEmpty()) {
      for (JsonNode f : files) {
        Path p = dir.resolve(f.path("name").asText());
        check(p, f.path("sha256").asText(), f.has("size") ? f.get("size").asLong() : -1);
      }
    } else if (meta.hasNonNull("model_file") && meta.hasNonNull("sha256")) {
      check(dir.resolve(meta.get("model_file").asText()), meta.get("sha256").asText(), -1);
    } else {
      throw new CorruptArtifactException(dir + "/metadata.json lists no files[] and no model_file + sha256;"
          + " nothing to verify the download against");
    }
  }

  private static void check(Path file, String sha256, long size) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptArtifactException(file + " is missing");
    }
    if (size >= 0 && Files.size(file) != size) {
      throw new CorruptArtifactException(file + " has " + Files.size(file) + " bytes, metadata says " + size);
    }
    String actual = sha256(file);
    if (!actual.equalsIgnoreCase(sha256)) {
      throw new CorruptArtifactException(file + " has sha256 " + actual + ", metadata says " + sha256);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file whose bytes are not what the metadata promises. */
  public static final class CorruptArtifactException extends IOException {
    public CorruptArtifactException(String message) {
      super(message);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover .download-* folder is never read and is replaced by a fresh one next time
    }
  }
}
