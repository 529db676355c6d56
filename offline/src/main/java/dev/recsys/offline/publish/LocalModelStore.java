package dev.recsys.offline.publish;

import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Publishing to a local folder with the layout model-registry uses for its own storage:
 * {@code ROOT/NAME/VERSION/} holding the artifact's files and a {@code metadata.json} with the
 * name, version, type, primary file, every file's sha256 and size, the input signature, metrics,
 * training data and creation time.
 *
 * <p>Versions are immutable: publishing a version that exists fails and changes nothing. A
 * version appears all at once: files are copied into a hidden staging folder next to it and the
 * folder is renamed into place, so a reader never sees half a version.
 */
public final class LocalModelStore {

  public static final String METADATA = "metadata.json";

  private final Path root;
  private final Clock clock;

  public LocalModelStore(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  /**
   * Copies the files and writes the metadata; returns the version's folder.
   *
   * @throws IllegalArgumentException when a file is missing, two files share a name, or the
   *     version already exists
   */
  public Path publish(Artifact a) {
    Path target = root.resolve(a.name()).resolve(a.version());
    if (Files.exists(target)) {
      throw new IllegalArgumentException(target + ": version " + a.version() + " of " + a.name()
          + " is already published; versions are immutable, publish a new version");
    }
    Set<String> names = new HashSet<>();
    for (Path f : a.files()) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException(f + ": not a file; cannot publish " + a.name() + "/" + a.version());
      }
      String n = f.getFileName().toString();
      if (!names.add(n) || n.equals(METADATA)) {
        throw new IllegalArgumentException(f + ": a second file named " + n + " in " + a.name() + "/" + a.version()
            + (n.equals(METADATA) ? " (the name is reserved for the metadata)" : ""));
      }
    }
    Path staging = root.resolve(a.name()).resolve("." + a.version() + ".staging");
    try {
      Files.createDirectories(staging.getParent());
      deleteTree(staging);
      Files.createDirectories(staging);
      List<Map<String, Object>> files = new ArrayList<>();
      for (Path f : a.files()) {
        Path copy = staging.resolve(f.getFileName().toString());
        Files.copy(f, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", copy.getFileName().toString());
        entry.put("sha256", Sha256.of(copy));
        entry.put("size", Files.size(copy));
        files.add(entry);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", a.name());
      m.put("version", a.version());
      m.put("type", a.type().label());
      m.put("model_file", files.get(0).get("name"));
      m.put("sha256", files.get(0).get("sha256"));
      m.put("files", files);
      m.put("input", new TreeMap<>(a.input()));
      m.put("metrics", new TreeMap<>(a.metrics()));
      m.put("training", new TreeMap<>(a.training()));
      m.put("created_at", clock.instant().toString());
      Files.writeString(staging.resolve(METADATA), Json.write(m), StandardCharsets.UTF_8);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(target + ": published concurrently by someone else; versions are immutable", e);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish " + a.name() + "/" + a.version() + " to " + root + ": " + e.getMessage(), e);
    } finally {
      try {
        deleteTree(staging);
      } catch (IOException ignored) {
        // best effort: a leftover staging folder is hidden and replaced by the next publish
      }
    }
  }

  /** The published versions of {@code name}, ascending by name (hidden staging folders excluded). */
  public List<String> versions(String name) {
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(METADATA)))
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The metadata of a published version, parsed. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> metadata(String name, String version) {
    Path file = root.resolve(name).resolve(version).resolve(METADATA);
    try {
      return (Map<String, Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
