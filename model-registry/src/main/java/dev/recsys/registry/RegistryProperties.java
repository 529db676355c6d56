package dev.recsys.registry;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Model registry settings ({@code recsys.registry.*}).
 *
 * @param root local artifact folder: {@code <name>/<version>/metadata.json} plus the artifact
 */
@ConfigurationProperties("recsys.registry")
public record RegistryProperties(Path root) {}
