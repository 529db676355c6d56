package dev.recsys.codegen;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to generate: immutable, built by the Mojo (or a test) and handed to {@link Codegen}.
 *
 * @param schemaDirectory directory searched recursively for {@code *.yaml}
 * @param outputDirectory generated-sources root; owned by the plugin (old .java files are replaced)
 * @param packageName package of every generated class
 * @param displayBase paths in messages are relative to this (the project base dir), or null for absolute
 */
public record CodegenRequest(Path schemaDirectory, Path outputDirectory, String packageName, Path displayBase) {
  public CodegenRequest {
    Objects.requireNonNull(schemaDirectory, "schemaDirectory");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(packageName, "packageName");
  }
}
