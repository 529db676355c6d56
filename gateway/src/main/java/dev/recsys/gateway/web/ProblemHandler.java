package dev.recsys.gateway.web;

import dev.recsys.api.grpc.RequestIds;
import dev.recsys.experiment.UnknownSceneException;
import dev.recsys.gateway.admin.AdminAuth;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Turns every failure of the public API into {@code application/problem+json} that names the
 * field or scene at fault and carries the request id.
 */
@RestControllerAdvice
class ProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final Pattern JSON_FIELD = Pattern.compile("\\[\"([^\"]+)\"\\]");
  private static final int MAX_DETAIL = 300;

  @ExceptionHandler(RecommendController.RequestFailure.class)
  ResponseEntity<ProblemDetail> failure(RecommendController.RequestFailure f) {
    Throwable e = f.getCause();
    if (e instanceof BadRequest bad) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", bad.getMessage(), f.requestId, "field", bad.field());
    }
    if (e instanceof AdminAuth.Denied denied) {
      return problem(HttpStatus.valueOf(denied.status()), "Admin only", denied.getMessage(), f.requestId, null, null);
    }
    if (e instanceof IllegalArgumentException forced && forced.getMessage() != null
        && forced.getMessage().startsWith("cannot force")) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid forced arm", forced.getMessage(), f.requestId, "field",
          RecommendController.FORCE_HEADER);
    }
    if (e instanceof UnknownSceneException unknown) {
      return problem(HttpStatus.NOT_FOUND, "Unknown scene", "scene '" + unknown.scene() + "' does not exist; known scenes: "
          + unknown.knownScenes(), f.requestId, "knownScenes", unknown.knownScenes());
    }
    if (e instanceof StatusRuntimeException grpc) {
      log.warn("downstream failure for request {}: {}", f.requestId, grpc.getStatus());
      return problem(HttpStatus.SERVICE_UNAVAILABLE, "Downstream unavailable",
          "a backend service did not answer (" + grpc.getStatus().getCode() + "); retry later", f.requestId, null, null);
    }
    log.error("request {} failed", f.requestId, e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "unexpected failure; see the gateway log for request "
        + f.requestId, f.requestId, null, null);
  }

  /** Malformed JSON, wrong value types, oversized bodies: the request never reached the controller. */
  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataBufferLimitException limit) {
        return tooLarge(limit);
      }
    }
    String cause = rootMessage(e);
    Matcher m = JSON_FIELD.matcher(cause);
    String field = "body";
    while (m.find()) {
      field = m.group(1);
    }
    String detail = "request body is not valid: " + truncate(cause)
        + "; expected JSON like {\"userId\": \"u1\", \"count\": 10, \"context\": {}}";
    return problem(HttpStatus.BAD_REQUEST, "Invalid request body", detail, RequestIds.newId(), "field", field);
  }

  @ExceptionHandler(DataBufferLimitException.class)
  ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
        "request body exceeds the 64 KiB limit; send a smaller context", RequestIds.newId(), "field", "body");
  }

  /** Any other HTTP-level refusal (405, 406, ...) keeps its status but speaks problem+json. */
  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
    if (e.getCause() instanceof DataBufferLimitException limit) {
      return tooLarge(limit);
    }
    HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
    return problem(status == null ? HttpStatus.BAD_REQUEST : status, e.getReason() == null ? "Request refused" : e.getReason(),
        truncate(rootMessage(e)), RequestIds.newId(), null, null);
  }

  @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
  ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e) {
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
        "send Content-Type: application/json", RequestIds.newId(), "field", "Content-Type");
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? "unreadable" : message.replaceAll("\\s+", " ");
  }

  private static String truncate(String s) {
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, String requestId,
      String property, Object value) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setTitle(title);
    p.setType(URI.create("https://recsys.dev/problems/" + status.value()));
    p.setProperty("requestId", requestId);
    if (property != null) {
      p.setProperty(property, value);
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .header(RequestIds.HEADER, requestId)
        .body(p);
  }
}
