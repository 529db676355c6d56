package dev.recsys.feature.web;

import dev.recsys.api.arrow.Column;
import dev.recsys.feature.config.FeatureProperties;
import dev.recsys.feature.read.FeatureReader;
import dev.recsys.feature.store.FeatureStore;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A read-only JSON view of feature rows, for people debugging; services use gRPC. */
@RestController
public class FeatureController {

  private final FeatureReader reader;
  private final FeatureProperties props;

  public FeatureController(FeatureReader reader, FeatureProperties props) {
    this.reader = reader;
    this.props = props;
  }

  @GetMapping("/api/v1/features/{entity}/{key}")
  public Map<String, Object> get(@PathVariable String entity, @PathVariable String key) {
    TableSchema schema = FeatureTables.byEntity(entity);
    FeatureStore.Lookup lookup = reader.get(schema, List.of(key), schema.columnNames());
    if (!lookup.missingKeys().isEmpty()) {
      throw new NotFound(entity + " '" + key + "' has no feature row");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (Column c : lookup.batch().columns()) {
      row.put(c.name(), c.get(0));
    }
    return row;
  }

  @GetMapping("/api/v1/features/users/{userId}/recent-items")
  public List<String> recent(@PathVariable String userId) {
    return reader.recentItems(userId, props.recentItems());
  }

  static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  @ExceptionHandler(NotFound.class)
  ProblemDetail notFound(NotFound e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  /** An unknown entity in the path is a resource that does not exist. */
  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail unknownEntity(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }
}
