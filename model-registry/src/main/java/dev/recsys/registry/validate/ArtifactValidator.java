package dev.recsys.registry.validate;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a model version before the registry accepts it: the version folder holds exactly the
 * files its {@code metadata.json} lists, each with the listed size and sha256, and the primary file
 * is usable as its type says. ONNX models must load in ONNX Runtime and have exactly the declared
 * {@code input.onnx_inputs} / {@code input.onnx_outputs}. LightGBM models must load in LightGBM,
 * with as many features as {@code input.features} lists. Item-to-item tables must parse, and item
 * vectors must be as long as their header says. Every refusal is an {@link InvalidArtifactException}
 * naming the file and the rule.
 */
public final class ArtifactValidator {

  public static final String METADATA = "metadata.json";
  public static final Set<String> TYPES = Set.of("onnx", "lightgbm", "i2i-table", "ann-index", "transform-spec");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates the version in {@code dir}; returns its parsed metadata. */
  public JsonNode validate(Path dir) {
    Path metaFile = dir.resolve(METADATA);
    JsonNode meta;
    try {
      meta = JSON.readTree(metaFile.toFile());
    } catch (IOException e) {
      throw new InvalidArtifactException(METADATA + ": not valid JSON (" + firstLine(e) + ")", e);
    }
    if (meta == null || !meta.isObject()) {
      throw new InvalidArtifactException(METADATA + ": expected a JSON object");
    }
    String type = text(meta, "type");
    if (!TYPES.contains(type)) {
      throw new InvalidArtifactException(METADATA + ": type '" + type + "' is unknown; expected one of " + new TreeSet<>(TYPES));
    }
    String primary = text(meta, "model_file");
    checkFiles(dir, meta, primary);
    Path model = dir.resolve(primary);
    switch (type) {
      case "onnx" -> onnx(model, meta.path("input"));
      case "lightgbm" -> lightgbm(model, meta.path("input"));
      case "i2i-table" -> i2iTable(model);
      case "ann-index" -> annIndex(dir, model);
      default -> json(model);
    }
    return meta;
  }

  private static String text(JsonNode meta, String field) {
    JsonNode v = meta.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidArtifactException(METADATA + ": field '" + field + "' is missing or not a string");
    }
    return v.asText();
  }

  /** The folder holds exactly the listed files with the listed sizes and checksums. */
  private static void checkFiles(Path dir, JsonNode meta, String primary) {
    Set<String> listed = new LinkedHashSet<>();
    JsonNode files = meta.get("files");
    if (files != null && files.isArray()) {
      for (JsonNode f : files) {
        String name = f.path("name").asText("");
        if (!listed.add(name)) {
          throw new InvalidArtifactException(METADATA + ": file '" + name + "' is listed twice");
        }
        Path p = existing(dir, name);
        if (f.has("size") && size(p) != f.get("size").asLong()) {
          throw new InvalidArtifactException(name + ": " + size(p) + " bytes, metadata says " + f.get("size").asLong()
              + " (truncated or replaced?)");
        }
        checksum(p, f.path("sha256").asText(null));
      }
    } else {
      listed.add(primary);
      checksum(existing(dir, primary), meta.path("sha256").asText(null));
    }
    if (!listed.contains(primary)) {
      throw new InvalidArtifactException(METADATA + ": model_file '" + primary + "' is not among the listed files " + listed);
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<String> extra = s.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(METADATA) && !listed.contains(n)).sorted().toList();
      if (!extra.isEmpty()) {
        throw new InvalidArtifactException("files " + extra + " are not listed in " + METADATA + "; listed: " + listed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path existing(Path dir, String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new InvalidArtifactException(METADATA + ": file name '" + name + "' is invalid; expected a plain file name");
    }
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new InvalidArtifactException(name + ": listed in " + METADATA + " but missing");
    }
    return p;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checksum(Path p, String expected) {
    if (expected == null || !expected.matches("[0-9a-f]{64}")) {
      throw new InvalidArtifactException(p.getFileName() + ": sha256 '" + expected
          + "' in " + METADATA + " is not 64 lower-case hex digits");
    }
    String actual = sha256(p);
    if (!actual.equals(expected)) {
      throw new InvalidArtifactException(p.getFileName() + ": sha256 is " + actual + ", metadata says " + expected
          + " (corrupt, truncated or the wrong file)");
    }
  }

  public static String sha256(Path file) {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void onnx(Path model, JsonNode input) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
         OrtSession session = env.createSession(Files.readAllBytes(model), options)) {
      names(model, "inputs", input.get("onnx_inputs"), session.getInputNames());
      names(model, "outputs", input.get("onnx_outputs"), session.getOutputNames());
    } catch (OrtException e) {
      throw new InvalidArtifactException(model.getFileName() + ": ONNX Runtime cannot load it (" + firstLine(e) + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void names(Path model, String what, JsonNode declared, Set<String> actual) {
    if (declared == null) {
      return;
    }
    Set<String> want = new TreeSet<>();
    declared.forEach(n -> want.add(n.asText()));
    if (!want.equals(new TreeSet<>(actual))) {
      throw new InvalidArtifactException(model.getFileName() + ": the model's " + what + " are " + new TreeSet<>(actual)
          + ", the declared signature (input.onnx_" + what + ") says " + want);
    }
  }

  private static void lightgbm(Path model, JsonNode input) {
    String text;
    try {
      text = Files.readString(model, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidArtifactException(model.getFileName() + ": not UTF-8 text, so not a LightGBM text model", e);
    }
    if (!text.startsWith("tree")) {
      throw new InvalidArtifactException(model.getFileName() + ": not a LightGBM text model (it must start with 'tree')");
    }
    LGBMBooster booster;
    try {
      booster = LGBMBooster.loadModelFromString(text);
    } catch (LGBMException | RuntimeException e) {
      throw new InvalidArtifactException(model.getFileName() + ": LightGBM cannot load it (" + firstLine(e) + ")", e);
    }
    try {
      int width = booster.getNumFeature();
      JsonNode features = input.get("features");
      if (features != null && features.isArray() && features.size() != width) {
        throw new InvalidArtifactException(model.getFileName() + ": the model has " + width
            + " features, the declared signature (input.features) lists " + features.size());
      }
      // One prediction on zeros: a model that loads but cannot score is no model.
      booster.predictForMat(new double[width], 1, width, true, PredictionType.C_API_PREDICT_NORMAL);
    } catch (LGBMException e) {
      throw new InvalidArtifactException(model.getFileName() + ": LightGBM cannot score with it (" + firstLine(e) + ")", e);
    } finally {
      try {
        booster.close();
      } catch (LGBMException ignored) {
        // the native handle is gone with the process at worst
      }
    }
  }

  private static void i2iTable(Path table) {
    try (BufferedReader r = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (!"item_id,neighbor_id,score".equals(header)) {
        throw new InvalidArtifactException(table.getFileName() + ":1: header '" + header
            + "', expected 'item_id,neighbor_id,score'");
      }
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        String[] f = line.split(",", -1);
        if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty()) {
          throw new InvalidArtifactException(table.getFileName() + ":" + n + ": expected item_id,neighbor_id,score, found '"
              + line + "'");
        }
        double score;
        try {
          score = Double.parseDouble(f[2]);
        } catch (NumberFormatException e) {
          throw new InvalidArtifactException(table.getFileName() + ":" + n + ": score '" + f[2] + "' is not a number");
        }
        if (!(score >= 0) || Double.isInfinite(score)) {
          throw new InvalidArtifactException(table.getFileName() + ":" + n + ": score " + f[2] + ", expected a finite number >= 0");
        }
      }
    } catch (IOException e) {
      throw new InvalidArtifactException(table.getFileName() + ": not readable as UTF-8 text (" + firstLine(e) + ")", e);
    }
  }

  /** Item vectors: a float32 file with a JSON header (count, dim, data) beside it. */
  private static void annIndex(Path dir, Path data) {
    JsonNode header = null;
    Path headerFile = null;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals(METADATA)).toList()) {
        JsonNode h = JSON.readTree(p.toFile());
        if (h != null && h.has("dim") && h.has("count")) {
          header = h;
          headerFile = p;
        }
      }
    } catch (IOException e) {
      throw new InvalidArtifactException("the vector header is not valid JSON (" + firstLine(e) + ")", e);
    }
    if (header == null) {
      throw new InvalidArtifactException(data.getFileName() + ": no JSON header with 'count' and 'dim' beside it");
    }
    long expected = header.get("count").asLong() * header.get("dim").asLong() * Float.BYTES;
    if (expected <= 0 || size(data) != expected) {
      throw new InvalidArtifactException(data.getFileName() + ": " + size(data) + " bytes, but " + headerFile.getFileName()
          + " says count " + header.get("count") + " x dim " + header.get("dim") + " float32 = " + expected + " bytes");
    }
    JsonNode ids = header.get("ids");
    if (ids != null && ids.size() != header.get("count").asLong()) {
      throw new InvalidArtifactException(headerFile.getFileName() + ": " + ids.size() + " ids for count " + header.get("count"));
    }
  }

  private static void json(Path file) {
    try {
      JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidArtifactException(file.getFileName() + ": not valid JSON (" + firstLine(e) + ")", e);
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
