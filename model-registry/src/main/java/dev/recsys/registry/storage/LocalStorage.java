package dev.recsys.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Artifacts in a local folder, the layout the offline pipeline writes. A commit is one atomic
 * rename of the staged folder, which must be on the same file system (the registry stages under
 * {@code <root>/.staging}).
 */
public final class LocalStorage implements ArtifactStorage {

  private final Path root;

  public LocalStorage(Path root) {
    this.root = root;
  }

  @Override
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).filter(n -> !versions(n).isEmpty()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  @Override
  public List<String> versions(String name) {
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(METADATA))).map(p -> p.getFileName().toString())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  @Override
  public boolean exists(String name, String version) {
    return Files.isRegularFile(root.resolve(name).resolve(version).resolve(METADATA));
  }

  @Override
  public void commit(String name, String version, Path staged) throws IOException {
    Path target = root.resolve(name).resolve(version);
    if (exists(name, version)) {
      throw new VersionExistsException(name, version);
    }
    if (Files.exists(target)) {
      // A folder without metadata.json is not a version (a copy by hand cut short): keep its files
      // out of the way, under the hidden staging area, rather than delete what someone put there.
      Files.move(target, staged.resolveSibling("leftover-" + name + "-" + version + "-" + System.nanoTime()));
    }
    Files.createDirectories(target.getParent());
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public List<StoredFile> files(String name, String version) throws IOException {
    List<StoredFile> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root.resolve(name).resolve(version))) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        out.add(new StoredFile(p.getFileName().toString(), Files.size(p)));
      }
    }
    return out;
  }

  @Override
  public Optional<InputStream> open(String name, String version, String file) throws IOException {
    Path p = root.resolve(name).resolve(version).resolve(file);
    return Files.isRegularFile(p) ? Optional.of(Files.newInputStream(p)) : Optional.empty();
  }

  @Override
  public String location() {
    return root.toString();
  }
}
