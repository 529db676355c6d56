package dev.recsys.registry;

import dev.recsys.registry.storage.S3Storage;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Model registry settings ({@code recsys.registry.*}).
 *
 * @param root local folder: the artifacts themselves with {@code storage=local}
 *     ({@code <name>/<version>/metadata.json} plus the files), and the staging area where uploads
 *     are validated with either storage
 * @param adminToken the bearer token write operations need; when unset, writes are refused
 * @param storage {@code local} (default) or {@code s3}
 * @param s3 the bucket, with {@code storage=s3}
 * @param importPromotes at start, promote the newest version of every model that has no production
 *     version yet (actor {@code import}); the launcher's demo needs it, a managed registry does not
 */
@ConfigurationProperties("recsys.registry")
public record RegistryProperties(Path root, String adminToken, @DefaultValue("local") Storage storage,
    S3Storage.Settings s3, @DefaultValue("false") boolean importPromotes) {

  public enum Storage { LOCAL, S3 }
}
