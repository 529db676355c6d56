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

  /** Downloads one artifact file; the ETag is its sha256 when the metadata records one. */
  @GetMapping("/api/v1/models/{name}/{version}/files/{file}")
  public ResponseEntity<Resource> download(@PathVariable String name, @PathVariable String version, @PathVariable String file) {
    Path path = store.artifact(name, version, file);
    JsonNode sha = store.version(name, version).metadata().get("sha256");
    try {
      ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
          .contentLength(Files.size(path));
      if (sha != null && !file.equals("metadata.json")) {
        ok.eTag("\"" + sha.asText() + "\"");
      }
      return ok.body(new FileSystemResource(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
