package dev.recsys.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, records as staging every version on disk that the database does not know (written
 * there by the offline pipeline, or published before the database was reset). A restart therefore
 * loses no version, and stages already recorded are kept as they were.
 */
@Component
class DiskImport {

  private static final Logger LOG = LoggerFactory.getLogger(DiskImport.class);

  private final LocalModelStore store;
  private final ModelController controller;

  DiskImport(LocalModelStore store, ModelController controller) {
    this.store = store;
    this.controller = controller;
  }

  @EventListener(ApplicationReadyEvent.class)
  void importVersions() {
    int n = 0;
    for (String name : store.names()) {
      for (LocalModelStore.ModelVersion v : store.versions(name)) {
        controller.register(v, "import");
        n++;
      }
    }
    LOG.info("registry: {} versions on disk, all recorded", n);
  }
}
