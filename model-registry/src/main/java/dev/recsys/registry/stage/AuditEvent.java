package dev.recsys.registry.stage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the audit trail ({@code audit_events}); never updated or deleted. */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "at_time", nullable = false)
  private Instant at;

  @Column(name = "actor", nullable = false)
  private String actor;

  @Column(name = "action", nullable = false)
  private String action;

  @Column(name = "name", nullable = false)
  private String name;

  @Column(name = "version", nullable = false)
  private String version;

  @Enumerated(EnumType.STRING)
  @Column(name = "from_stage")
  private Stage fromStage;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_stage", nullable = false)
  private Stage toStage;

  protected AuditEvent() {}

  AuditEvent(Instant at, String actor, String action, String name, String version, Stage fromStage, Stage toStage) {
    this.at = at;
    this.actor = actor;
    this.action = action;
    this.name = name;
    this.version = version;
    this.fromStage = fromStage;
    this.toStage = toStage;
  }

  public Long id() {
    return id;
  }

  public Instant at() {
    return at;
  }

  public String actor() {
    return actor;
  }

  public String action() {
    return action;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public Stage fromStage() {
    return fromStage;
  }

  public Stage toStage() {
    return toStage;
  }
}
