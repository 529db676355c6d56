package dev.recsys.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
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
