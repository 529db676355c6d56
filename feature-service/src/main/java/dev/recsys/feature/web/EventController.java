package dev.recsys.feature.web;

import dev.recsys.feature.write.Event;
import dev.recsys.feature.write.FeatureWriter;
import dev.recsys.feature.write.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events}: a JSON array of {@code {userId, itemId, type, timestampMs}}, the
 * same events and rules as gRPC {@code IngestEvents}. The gateway routes apps' events here.
 * Errors are problem+json; a 400 carries {@code field}, e.g. {@code events[2].type}.
 */
@RestController
public class EventController {

  private static final Logger log = LoggerFactory.getLogger(EventController.class);

  private final FeatureWriter writer;

  public EventController(FeatureWriter writer) {
    this.writer = writer;
  }

  @PostMapping(path = "/api/v1/events", consumes = "application/json")
  public Map<String, Integer> ingest(@RequestBody List<Event> events) {
    return Map.of("accepted", writer.ingest(events, FeatureWriter.Naming.JSON));
  }

  @ExceptionHandler(InvalidInputException.class)
  ProblemDetail invalid(InvalidInputException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid event");
    problem.setProperty("field", e.field());
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "body must be a JSON array of {\"userId\", \"itemId\", \"type\", \"timestampMs\"} objects: "
            + e.getMostSpecificCause().getMessage());
    problem.setTitle("Unreadable events");
    problem.setProperty("field", "events");
    return problem;
  }

  @ExceptionHandler({DuplicateKeyException.class, ConcurrencyFailureException.class})
  ProblemDetail conflict(RuntimeException e) {
    log.warn("events aborted by concurrent writes", e);
    return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "aborted by concurrent writes to the same keys; nothing was applied, retry");
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ProblemDetail rejected(DataIntegrityViolationException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        "the database rejected the events, nothing was applied: " + e.getMostSpecificCause().getMessage());
  }
}
