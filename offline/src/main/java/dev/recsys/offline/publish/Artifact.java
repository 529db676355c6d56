package dev.recsys.offline.publish;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One artifact to publish: a named, versioned set of files (the first is the primary file, e.g.
 * {@code model.onnx}) with what a service needs to trust it: the input signature it was trained
 * for, its metrics on the held-out split and the training data it saw. Maps are JSON-ready
 * (strings, numbers, booleans, lists, maps).
 */
public record Artifact(String name, String version, ArtifactType type, List<Path> files,
    Map<String, Object> input, Map<String, Object> metrics, Map<String, Object> training) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public Artifact {
    check("name", name);
    check("version", version);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("artifact " + name + "/" + version + " has no files");
    }
    files = List.copyOf(files);
    // Copies that keep order and allow null values (an imported dataset has no seed).
    input = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    training = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(training));
  }

  private static void check(String what, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException("artifact " + what + " '" + value + "' is invalid; expected 1-64 of"
          + " a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    }
  }
}
