package dev.recsys.registry;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Model registry settings ({@code recsys.registry.*}).
 *
 * @param root local artifact folder: {@code <name>/<version>/metadata.json} plus the artifact
 * @param adminToken the bearer token write operations need; when unset, writes are refused
 */
@ConfigurationProperties("recsys.registry")
public record RegistryProperties(Path root, String adminToken) {}
