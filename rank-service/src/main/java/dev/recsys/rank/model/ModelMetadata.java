package dev.recsys.rank.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the rank service needs from a model's {@code metadata.json}: identity, artifact checksum and
 * the input signature it was trained on.
 */
public record ModelMetadata(String name, String version, String type, String sha256,
    String inputVersion, List<String> featureNames) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ModelMetadata read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not readable JSON (" + e.getMessage() + ")", e);
    }
    JsonNode signature = root.path("input");
    List<String> names = new ArrayList<>();
    signature.path("features").forEach(n -> names.add(n.asText()));
    ModelMetadata m = new ModelMetadata(text(root, "name", file), text(root, "version", file),
        text(root, "type", file), text(root, "sha256", file), text(signature, "version", file), List.copyOf(names));
    if (names.isEmpty()) {
      throw new IllegalArgumentException(file + ": input.features is missing or empty");
    }
    return m;
  }

  private static String text(JsonNode node, String field, Path file) {
    JsonNode v = node.get(field);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": field '" + field + "' is missing or blank");
    }
    return v.asText();
  }
}
