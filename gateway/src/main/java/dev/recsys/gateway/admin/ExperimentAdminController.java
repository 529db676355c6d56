package dev.recsys.gateway.admin;

import dev.recsys.experiment.ConfigException;
import dev.recsys.experiment.ConfigHolder;
import dev.recsys.experiment.ConfigSnapshot;
import dev.recsys.experiment.reload.ConfigReloader;
import dev.recsys.experiment.reload.ConfigStore;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The experiment config admin API (admin token required for every call, reads included: the config
 * names experiments and whitelisted users). A change is validated, stored in the shared history and
 * applied; every replica picks it up from the store within a poll interval.
 */
@RestController
public class ExperimentAdminController {

  static final String PATH = "/api/v1/admin/experiments";
  static final String ACTOR = "X-Recsys-Actor";

  private final ConfigReloader reloader;
  private final ConfigHolder holder;
  private final AdminAuth auth;

  public ExperimentAdminController(ConfigReloader reloader, ConfigHolder holder, AdminAuth auth) {
    this.reloader = reloader;
    this.holder = holder;
    this.auth = auth;
  }

  /** The live config: version, history entry, when it was applied here, its YAML. */
  @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> current(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authz) {
    auth.require(authz, "reading the experiment config");
    ConfigSnapshot live = holder.current();
    ConfigReloader.Status status = reloader.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", live.version());
    out.put("seq", status.appliedSeq());
    out.put("loadedAt", live.loadedAt().toString());
    out.put("lastError", status.lastError());
    out.put("yaml", reloader.applied().map(ConfigStore.Entry::yaml).orElse(null));
    return out;
  }

  /** Replaces the config with the YAML body (the experiment-config format); every problem is listed on refusal. */
  @PutMapping(path = PATH, consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> put(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authz,
      @RequestHeader(value = ACTOR, required = false) String actor, @RequestBody(required = false) String yaml) {
    auth.require(authz, "changing the experiment config");
    if (yaml == null || yaml.isBlank()) {
      throw new IllegalArgumentException("the body must be the new config as YAML (see experiment-config/README.md)");
    }
    return entry(reloader.put(yaml, actor(actor)));
  }

  @GetMapping(path = PATH + "/history", produces = MediaType.APPLICATION_JSON_VALUE)
  public List<Map<String, Object>> history(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authz) {
    auth.require(authz, "reading the experiment config history");
    return reloader.history().stream().map(ExperimentAdminController::entry).toList();
  }

  /** Makes {@code to} (default: the version live before the current one) live again. */
  @PostMapping(path = PATH + "/rollback", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> rollback(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authz,
      @RequestHeader(value = ACTOR, required = false) String actor, @RequestParam(value = "to", required = false) String to) {
    auth.require(authz, "rolling back the experiment config");
    return entry(reloader.rollback(to, actor(actor)));
  }

  private static Map<String, Object> entry(ConfigStore.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("version", e.version());
    m.put("source", e.source());
    m.put("actor", e.actor());
    m.put("at", e.at().toString());
    m.put("sha256", e.sha256());
    return m;
  }

  private static String actor(String header) {
    if (header == null || header.isBlank()) {
      return "admin";
    }
    if (header.length() > 128) {
      throw new IllegalArgumentException("header " + ACTOR + " is " + header.length() + " characters; at most 128");
    }
    return header.strip();
  }

  @ExceptionHandler(ConfigException.class)
  ResponseEntity<ProblemDetail> invalid(ConfigException e) {
    ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid experiment config",
        e.problems().size() + " problem(s); the live config is unchanged");
    p.setProperty("problems", e.problems());
    return respond(p);
  }

  @ExceptionHandler(ConfigReloader.VersionConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConfigReloader.VersionConflictException e) {
    return respond(problem(HttpStatus.CONFLICT, "Version conflict", e.getMessage()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> bad(IllegalArgumentException e) {
    return respond(problem(HttpStatus.BAD_REQUEST, "Invalid admin request", e.getMessage()));
  }

  @ExceptionHandler(AdminAuth.Denied.class)
  ResponseEntity<ProblemDetail> denied(AdminAuth.Denied e) {
    HttpStatus status = HttpStatus.valueOf(e.status());
    ResponseEntity<ProblemDetail> r = respond(problem(status, status.getReasonPhrase(), e.getMessage()));
    return status == HttpStatus.UNAUTHORIZED
        ? ResponseEntity.status(status).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(r.getBody())
        : r;
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setTitle(title);
    p.setType(URI.create("https://recsys.dev/problems/" + status.value()));
    return p;
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail p) {
    return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
