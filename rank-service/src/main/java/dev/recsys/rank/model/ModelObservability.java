package dev.recsys.rank.model;

import dev.recsys.modelclient.ModelSubscription;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows what the registry-followed models are doing: {@code /actuator/health} lists each model's
 * serving and production version and its last failure (a version that failed to load keeps the
 * service UP, serving the previous one, but says so); Prometheus counts swaps and load failures.
 */
@Component("models")
class ModelObservability implements HealthIndicator {

  private final ModelCatalog catalog;

  ModelObservability(ModelCatalog catalog, MeterRegistry meters) {
    this.catalog = catalog;
    for (ModelSubscription.Status s : catalog.statuses()) {
      String name = s.name();
      FunctionCounter.builder("recsys.model.swaps", catalog, c -> status(c, name).swaps())
          .description("model versions swapped in from the registry").tag("model", name).register(meters);
      FunctionCounter.builder("recsys.model.load.failures", catalog, c -> status(c, name).failures())
          .description("production versions that failed to download, verify or load").tag("model", name)
          .register(meters);
    }
  }

  private static ModelSubscription.Status status(ModelCatalog catalog, String name) {
    return catalog.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    for (ModelSubscription.Status s : catalog.statuses()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("serving", s.serving());
      d.put("production", s.production());
      d.put("swaps", s.swaps());
      d.put("failures", s.failures());
      if (s.lastError() != null) {
        d.put("lastError", s.lastError());
      }
      if (s.lastSwapAt() != null) {
        d.put("lastSwapAt", s.lastSwapAt().toString());
      }
      health.withDetail(s.name(), d);
    }
    if (catalog.statuses().isEmpty()) {
      health.withDetail("source", "models-dir (loaded once; set recsys.rank.registry.url to follow the registry)");
    }
    return health.build();
  }
}
