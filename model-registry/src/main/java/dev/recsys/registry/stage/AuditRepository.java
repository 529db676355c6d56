package dev.recsys.registry.stage;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The {@code audit_events} table, append-only. */
public interface AuditRepository extends JpaRepository<AuditEvent, Long> {
  List<AuditEvent> findByNameOrderByIdAsc(String name);
}
