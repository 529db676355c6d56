package dev.recsys.registry.stage;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The {@code model_versions} table. */
public interface VersionRepository extends JpaRepository<VersionRecord, VersionRecord.Key> {
  List<VersionRecord> findByNameOrderByCreatedAtAscVersionAsc(String name);

  List<VersionRecord> findByNameAndStage(String name, Stage stage);
}
