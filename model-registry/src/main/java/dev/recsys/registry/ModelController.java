package dev.recsys.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import dev.recsys.registry.stage.StageService;
import dev.recsys.registry.storage.ArtifactStorage;
import dev.recsys.registry.stage.VersionRecord;
import dev.recsys.registry.validate.ArtifactValidator;
import dev.recsys.registry.validate.InvalidArtifactException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** REST API of the registry: list, get, download, and (admin only) publish with validation. */
@RestController
public class ModelController {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelStore store;
  private final StageService stages;
  private final ProductionWatch watch;
  private final ArtifactValidator validator = new ArtifactValidator();
  private final byte[] adminToken;

  public ModelController(ModelStore store, StageService stages, ProductionWatch watch, RegistryProperties props) {
    this.store = store;
    this.stages = stages;
    this.watch = watch;
    this.adminToken = props.adminToken() == null || props.adminToken().isBlank()
        ? null : props.adminToken().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Publishes a version: multipart parts {@code metadata} (the version's metadata.json) and one
   * {@code files} part per artifact file. Needs {@code Authorization: Bearer <admin token>}. The
   * version is validated before it becomes visible ({@link ArtifactValidator}); a refused upload
   * changes nothing.
   */
  @PostMapping(path = "/api/v1/models/{name}/{version}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<Map<String, Object>> publish(@PathVariable String name, @PathVariable String version,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestPart(value = "metadata", required = false) MultipartFile metadata,
      @RequestPart(value = "files", required = false) List<MultipartFile> files,
      @RequestHeader(value = ACTOR, required = false) String actor) throws IOException {
    requireAdmin(authorization);
    if (metadata == null || files == null || files.isEmpty()) {
      throw new IllegalArgumentException("a publish needs a 'metadata' part (metadata.json) and at least one 'files' part");
    }
    List<ModelStore.Upload> uploads = files.stream()
        .map(f -> new ModelStore.Upload(String.valueOf(f.getOriginalFilename()), f::getInputStream)).toList();
    ModelStore.ModelVersion v = store.publish(name, version, metadata.getBytes(), uploads, validator);
    register(v, actor(actor));
    return ResponseEntity.status(HttpStatus.CREATED).body(view(v));
  }

  /** Records a version that is on disk (just published, or found at start) as staging. */
  void register(ModelStore.ModelVersion v, String actor) {
    JsonNode m = v.metadata();
    stages.register(v.name(), v.version(), m.path("type").asText("unknown"), m.path("sha256").asText(""),
        v.sizeBytes(), actor);
  }

  @PostMapping("/api/v1/models/{name}/{version}/promote")
  public Map<String, Object> promote(@PathVariable String name, @PathVariable String version,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = ACTOR, required = false) String actor) {
    requireAdmin(authorization);
    Map<String, Object> out = record(stages.promote(name, version, actor(actor)));
    watch.changed(name);
    return out;
  }

  @PostMapping("/api/v1/models/{name}/rollback")
  public Map<String, Object> rollback(@PathVariable String name,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = ACTOR, required = false) String actor) {
    requireAdmin(authorization);
    Map<String, Object> out = record(stages.rollback(name, actor(actor)));
    watch.changed(name);
    return out;
  }

  @PostMapping("/api/v1/models/{name}/{version}/archive")
  public Map<String, Object> archive(@PathVariable String name, @PathVariable String version,
      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(value = ACTOR, required = false) String actor) {
    requireAdmin(authorization);
    return record(stages.archive(name, version, actor(actor)));
  }

  /**
   * The production version of a model: what services should be serving. With {@code after=V} it
   * is a long poll (watch): it answers at once when production is not V, else waits up to {@code
   * waitSeconds} (1..60, default 30) for a promote or rollback and answers then, or 304 when
   * nothing changed. A service loops on it to learn of a new production version at once.
   */
  @GetMapping("/api/v1/models/{name}/production")
  public DeferredResult<ResponseEntity<Map<String, Object>>> production(@PathVariable String name,
      @RequestParam(value = "after", required = false) String after,
      @RequestParam(value = "waitSeconds", defaultValue = "30") int waitSeconds) {
    if (waitSeconds < 1 || waitSeconds > 60) {
      throw new IllegalArgumentException("waitSeconds " + waitSeconds + " out of range; expected 1..60");
    }
    DeferredResult<ResponseEntity<Map<String, Object>>> result =
        new DeferredResult<>(waitSeconds * 1000L, () -> ResponseEntity.status(HttpStatus.NOT_MODIFIED).build());
    if (after == null) {
      result.setResult(ResponseEntity.ok(record(stages.production(name))));
      return result;
    }
    Runnable wake = () -> answer(name, after, result);
    // Registered before the check, so a change between the check and the wait is not missed.
    watch.await(name, wake);
    result.onCompletion(() -> watch.cancel(name, wake));
    answer(name, after, result);
    return result;
  }

  /** Completes {@code result} if production differs from {@code after}; else re-arms the wait. */
  private void answer(String name, String after, DeferredResult<ResponseEntity<Map<String, Object>>> result) {
    try {
      VersionRecord current = stages.production(name);
      if (!current.version().equals(after)) {
        result.setResult(ResponseEntity.ok(record(current)));
        return;
      }
    } catch (StageService.StageNotFoundException e) {
      if (after.isEmpty()) {
        // waiting for a first production version
      } else {
        result.setErrorResult(e);
        return;
      }
    }
    if (!result.isSetOrExpired()) {
      watch.await(name, () -> answer(name, after, result));
    }
  }

  /** Every publish, promote, rollback and archive of a model, oldest first. */
  @GetMapping("/api/v1/models/{name}/audit")
  public List<Map<String, Object>> audit(@PathVariable String name) {
    return stages.audit(name).stream().map(e -> {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("at", e.at().toString());
      m.put("actor", e.actor());
      m.put("action", e.action());
      m.put("version", e.version());
      m.put("from", e.fromStage() == null ? null : e.fromStage().label());
      m.put("to", e.toStage().label());
      return m;
    }).toList();
  }

  static final String ACTOR = "X-Recsys-Actor";

  private static String actor(String header) {
    if (header == null || header.isBlank()) {
      return "admin";
    }
    if (header.length() > 128) {
      throw new IllegalArgumentException("header " + ACTOR + " is " + header.length() + " characters; at most 128");
    }
    return header.strip();
  }

  private static Map<String, Object> record(VersionRecord r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("name", r.name());
    m.put("version", r.version());
    m.put("type", r.type());
    m.put("sha256", r.sha256());
    m.put("size", r.sizeBytes());
    m.put("stage", r.stage().label());
    m.put("createdAt", r.createdAt().toString());
    return m;
  }

  @ExceptionHandler(StageService.StageConflictException.class)
  ProblemDetail stageConflict(StageService.StageConflictException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(StageService.StageNotFoundException.class)
  ProblemDetail stageNotFound(StageService.StageNotFoundException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  private void requireAdmin(String authorization) {
    if (adminToken == null) {
      throw new ForbiddenException("writes are disabled: set recsys.registry.admin-token to enable publishing");
    }
    String prefix = "Bearer ";
    byte[] given = authorization != null && authorization.startsWith(prefix)
        ? authorization.substring(prefix.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
    // Constant time, so the comparison does not leak how much of a guess was right.
    if (!MessageDigest.isEqual(given, adminToken)) {
      throw new UnauthorizedException("publishing needs 'Authorization: Bearer <admin token>'");
    }
  }

  static final class ForbiddenException extends RuntimeException {
    ForbiddenException(String message) {
      super(message);
    }
  }

  static final class UnauthorizedException extends RuntimeException {
    UnauthorizedException(String message) {
      super(message);
    }
  }

  @ExceptionHandler(ForbiddenException.class)
  ProblemDetail forbidden(ForbiddenException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(UnauthorizedException.class)
  ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()));
  }

  @ExceptionHandler(InvalidArtifactException.class)
  ProblemDetail invalid(InvalidArtifactException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "artifact refused: " + e.getMessage());
  }

  @ExceptionHandler(ArtifactStorage.VersionExistsException.class)
  ProblemDetail conflict(ArtifactStorage.VersionExistsException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
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
    String sha = sha256Of(store.version(name, version).metadata(), file);
    ModelStore.OpenedFile opened = store.open(name, version, file);
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
        .contentLength(opened.size());
    if (sha != null) {
      ok.eTag("\"" + sha + "\"");
    }
    return ok.body(new InputStreamResource(opened.content()));
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

  private static Map<String, Object> view(ModelStore.ModelVersion v) {
    // Plain maps, so the web layer's JSON library (Jackson 3 in Boot 4) renders it as-is.
    return Map.of("name", v.name(), "version", v.version(), "files", v.files(),
        "metadata", JSON.convertValue(v.metadata(), Map.class));
  }

  @ExceptionHandler(ModelStore.NotFoundException.class)
  ProblemDetail notFound(ModelStore.NotFoundException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }
}
