package dev.recsys.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Read-only REST view of the registry (skeleton; see {@link LocalModelStore}). */
@RestController
public class ModelController {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalModelStore store;

  public ModelController(LocalModelStore store) {
    this.store = store;
  }

  @GetMapping("/api/v1/models")
  public Map<String, List<String>> models() {
    return Map.of("models", store.names());
  }

  @GetMapping("/api/v1/models/{name}")
  public List<Map<String, Object>> versions(@PathVariable String name) {
    return store.versions(name).stream().map(ModelController::view).toList();
  }

  @GetMapping("/api/v1/models/{name}/{version}")
  public Map<String, Object> version(@PathVariable String name, @PathVariable String version) {
    return view(store.version(name, version));
  }

  /**
   * Downloads one artifact file. The ETag is that file's own sha256: from the metadata's
   * {@code files[]} entry, or, for metadata that lists only the primary file, its {@code sha256}
   * when {@code file} is the {@code model_file}. Other files get no ETag rather than a wrong one.
   */
  @GetMapping("/api/v1/models/{name}/{version}/files/{file}")
  public ResponseEntity<Resource> download(@PathVariable String name, @PathVariable String version, @PathVariable String file) {
    Path path = store.artifact(name, version, file);
    String sha = sha256Of(store.version(name, version).metadata(), file);
    try {
      ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
          .contentLength(Files.size(path));
      if (sha != null) {
        ok.eTag("\"" + sha + "\"");
      }
      return ok.body(new FileSystemResource(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256Of(JsonNode metadata, String file) {
    JsonNode files = metadata.get("files");
    if (files != null && files.isArray()) {
      for (JsonNode f : files) {
        if (file.equals(f.path("name").asText()) && f.hasNonNull("sha256")) {
          return f.get("sha256").asText();
        }
      }
      return null;
    }
    JsonNode primary = metadata.get("model_file");
    JsonNode sha = metadata.get("sha256");
    return primary != null && sha != null && file.equals(primary.asText()) ? sha.asText() : null;
  }

  private static Map<String, Object> view(LocalModelStore.ModelVersion v) {
    // Plain maps, so the web layer's JSON library (Jackson 3 in Boot 4) renders it as-is.
    return Map.of("name", v.name(), "version", v.version(), "files", v.files(),
        "metadata", JSON.convertValue(v.metadata(), Map.class));
  }

  @ExceptionHandler(LocalModelStore.NotFoundException.class)
  ProblemDetail notFound(LocalModelStore.NotFoundException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
