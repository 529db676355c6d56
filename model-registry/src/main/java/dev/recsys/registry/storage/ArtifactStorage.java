package dev.recsys.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where published versions live: {@code <name>/<version>/<file>}, {@code metadata.json} among the
 * files. A version is visible only once committed whole; readers never see half of one.
 *
 * <p>Implementations: {@link LocalStorage} (a folder, the default) and {@link S3Storage} (an
 * S3-compatible bucket). Both pass {@code StorageContractTest}.
 */
public interface ArtifactStorage {

  /** The file that marks a committed version and describes it. */
  String METADATA = "metadata.json";

  /** Model names with at least one committed version, sorted. */
  List<String> names();

  /** Committed versions of {@code name}, sorted by name; empty when the model is unknown. */
  List<String> versions(String name);

  boolean exists(String name, String version);

  /**
   * Copies the files of a validated, staged folder in as {@code name/version}, {@code
   * metadata.json} last, so that the version appears whole or not at all.
   *
   * @throws VersionExistsException when the version is already committed
   */
  void commit(String name, String version, Path staged) throws IOException;

  /** The files of a committed version (metadata.json included), sorted by name. */
  List<StoredFile> files(String name, String version) throws IOException;

  /** Opens one file of a committed version, or empty when there is no such file. */
  Optional<InputStream> open(String name, String version, String file) throws IOException;

  /** Where the artifacts are, for logs and health: a folder or {@code s3://bucket/prefix}. */
  String location();

  /** A stored file's name and size in bytes. */
  record StoredFile(String name, long size) {}

  /** Versions are immutable: a second commit of one is refused. */
  final class VersionExistsException extends RuntimeException {
    public VersionExistsException(String name, String version) {
      super("model '" + name + "' version '" + version + "' is already published; versions are immutable, publish"
          + " a new version");
    }
  }
}
