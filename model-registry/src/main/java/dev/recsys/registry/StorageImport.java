package dev.recsys.registry;

import dev.recsys.registry.stage.StageService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, records as staging every stored version that the database does not know (written there
 * by the offline pipeline, or published before the database was reset). A restart therefore loses
 * no version, and stages already recorded are kept as they were. With {@code import-promotes}, a
 * model that has no production version gets its newest one promoted, so a fresh demo serves at once.
 */
@Component
class StorageImport {

  private static final Logger LOG = LoggerFactory.getLogger(StorageImport.class);

  private final ModelStore store;
  private final ModelController controller;
  private final StageService stages;
  private final boolean promote;

  StorageImport(ModelStore store, ModelController controller, StageService stages, RegistryProperties props) {
    this.store = store;
    this.controller = controller;
    this.stages = stages;
    this.promote = props.importPromotes();
  }

  @EventListener(ApplicationReadyEvent.class)
  void importVersions() {
    int n = 0;
    for (String name : store.names()) {
      List<ModelStore.ModelVersion> versions = store.versions(name);
      for (ModelStore.ModelVersion v : versions) {
        controller.register(v, "import");
        n++;
      }
      if (promote && !versions.isEmpty() && !stages.hasProduction(name)) {
        String newest = versions.stream().map(ModelStore.ModelVersion::version)
            .max(StorageImport::compareVersions).orElseThrow();
        stages.promote(name, newest, "import");
        LOG.info("registry: {} had no production version; promoted its newest, {}", name, newest);
      }
    }
    LOG.info("registry: {} versions in {}, all recorded", n, store.location());
  }

  /** Numeric versions compare as numbers ("10" after "9"); any other after them, by name. */
  static int compareVersions(String a, String b) {
    boolean na = a.matches("\\d{1,18}");
    boolean nb = b.matches("\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return na != nb ? (na ? -1 : 1) : a.compareTo(b);
  }
}
