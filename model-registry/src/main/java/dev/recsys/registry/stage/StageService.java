package dev.recsys.registry.stage;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stages and the audit trail. A name has at most one production version. {@link #promote} makes a
 * version production and archives the one it replaces; {@link #rollback} makes production again the
 * version that was production before the current one (read from the audit trail) and archives the
 * current one; {@link #archive} retires a non-production version. Every change writes one audit
 * event per version it moves, in the same transaction. Methods are synchronized: one registry
 * process serialises stage changes (a replicated registry would need a database lock instead).
 */
@Service
public class StageService {

  private final VersionRepository versions;
  private final AuditRepository audit;
  private final Clock clock;

  public StageService(VersionRepository versions, AuditRepository audit, Clock clock) {
    this.versions = versions;
    this.audit = audit;
    this.clock = clock;
  }

  /** Records a newly published version as staging (idempotent: an existing record is kept). */
  @Transactional
  public synchronized VersionRecord register(String name, String version, String type, String sha256, long size,
      String actor) {
    return versions.findById(new VersionRecord.Key(name, version)).orElseGet(() -> {
      VersionRecord r = versions.save(new VersionRecord(name, version, type, sha256, size, Stage.STAGING, clock.instant()));
      audit.save(new AuditEvent(clock.instant(), actor, "publish", name, version, null, Stage.STAGING));
      return r;
    });
  }

  @Transactional
  public synchronized VersionRecord promote(String name, String version, String actor) {
    VersionRecord target = find(name, version);
    if (target.stage() == Stage.PRODUCTION) {
      return target;
    }
    for (VersionRecord current : versions.findByNameAndStage(name, Stage.PRODUCTION)) {
      move(current, Stage.ARCHIVED, "promote", actor);
    }
    move(target, Stage.PRODUCTION, "promote", actor);
    return target;
  }

  /** The production version before the current one becomes production again. */
  @Transactional
  public synchronized VersionRecord rollback(String name, String actor) {
    VersionRecord current = production(name);
    String previous = null;
    for (AuditEvent e : audit.findByNameOrderByIdAsc(name)) {
      if (e.toStage() == Stage.PRODUCTION && !e.version().equals(current.version())) {
        previous = e.version();
      }
    }
    if (previous == null) {
      throw new StageConflictException("model '" + name + "' has no earlier production version to roll back to;"
          + " production is " + current.version());
    }
    VersionRecord target = find(name, previous);
    move(current, Stage.ARCHIVED, "rollback", actor);
    move(target, Stage.PRODUCTION, "rollback", actor);
    return target;
  }

  @Transactional
  public synchronized VersionRecord archive(String name, String version, String actor) {
    VersionRecord target = find(name, version);
    if (target.stage() == Stage.PRODUCTION) {
      throw new StageConflictException("model '" + name + "' version '" + version + "' is in production; promote"
          + " another version or roll back first, so the model keeps a production version");
    }
    if (target.stage() != Stage.ARCHIVED) {
      move(target, Stage.ARCHIVED, "archive", actor);
    }
    return target;
  }

  @Transactional(readOnly = true)
  public VersionRecord production(String name) {
    List<VersionRecord> p = versions.findByNameAndStage(name, Stage.PRODUCTION);
    if (p.isEmpty()) {
      throw new StageNotFoundException("model '" + name + "' has no production version; versions: "
          + versions.findByNameOrderByCreatedAtAscVersionAsc(name).stream().map(VersionRecord::version).toList());
    }
    return p.get(0);
  }

  @Transactional(readOnly = true)
  public boolean hasProduction(String name) {
    return !versions.findByNameAndStage(name, Stage.PRODUCTION).isEmpty();
  }

  @Transactional(readOnly = true)
  public List<VersionRecord> versions(String name) {
    return versions.findByNameOrderByCreatedAtAscVersionAsc(name);
  }

  @Transactional(readOnly = true)
  public List<AuditEvent> audit(String name) {
    return audit.findByNameOrderByIdAsc(name);
  }

  private VersionRecord find(String name, String version) {
    return versions.findById(new VersionRecord.Key(name, version)).orElseThrow(() -> new StageNotFoundException(
        "model '" + name + "' has no registered version '" + version + "'; versions: "
            + versions.findByNameOrderByCreatedAtAscVersionAsc(name).stream().map(VersionRecord::version).toList()));
  }

  private void move(VersionRecord r, Stage to, String action, String actor) {
    Stage from = r.stage();
    r.stage(to);
    versions.save(r);
    audit.save(new AuditEvent(clock.instant(), actor, action, r.name(), r.version(), from, to));
  }

  /** The change would break a stage rule. */
  public static final class StageConflictException extends RuntimeException {
    StageConflictException(String message) {
      super(message);
    }
  }

  /** No such version or no production version. */
  public static final class StageNotFoundException extends RuntimeException {
    StageNotFoundException(String message) {
      super(message);
    }
  }
}
