package dev.recsys.experiment.reload;

import dev.recsys.experiment.ConfigException;
import dev.recsys.experiment.ConfigHolder;
import dev.recsys.experiment.ConfigSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ConfigHolder} on the newest accepted config, from two sources:
 *
 * <ul>
 *   <li>a watched file (a Kubernetes ConfigMap): polled by content, so the ConfigMap's symlink swap
 *       and a plain edit look the same; new content that validates is appended to the store;
 *   <li>the admin API: {@link #put} and {@link #rollback} append to the store.
 * </ul>
 *
 * <p>Every replica polls the shared {@link ConfigStore} and installs its newest entry, so all
 * converge within one poll interval whichever replica took the change. Nothing reaches the store
 * or the holder without passing validation first; a rejected config lists every problem and the
 * live one stays. An entry this build cannot apply (written by a newer build, say) is reported in
 * {@link #status()} and skipped, the live config staying.
 */
public final class ConfigReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final ConfigHolder holder;
  private final ConfigStore store;
  private final Path file;
  private final Clock clock;
  private ScheduledExecutorService poller;
  private long appliedSeq;
  private String lastFileSha;
  private volatile String lastError;

  /**
   * @param file the watched file, or null
   * @param initialYaml the holder's starting config, stored as entry 1 ({@code bundled}) when the
   *     store is empty and there is no file
   */
  public ConfigReloader(ConfigHolder holder, ConfigStore store, Path file, Clock clock, String initialYaml) {
    this.holder = holder;
    this.store = store;
    this.file = file;
    this.clock = clock;
    if (file == null && store.latestSeq() == 0) {
      store.append(0, holder.current().version(), "bundled", "system", clock.instant(), initialYaml);
    }
    poll();
  }

  /** Where this replica stands: the store entry it serves and the last problem, if any. */
  public record Status(long appliedSeq, String version, String lastError) {}

  public synchronized Status status() {
    return new Status(appliedSeq, holder.current().version(), lastError);
  }

  /** Polls every {@code interval} on a daemon thread. */
  public synchronized ConfigReloader start(Duration interval) {
    if (poller == null) {
      poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "experiment-config-reload");
        t.setDaemon(true);
        return t;
      });
      poller.scheduleWithFixedDelay(() -> {
        try {
          poll();
        } catch (RuntimeException e) {
          log.error("experiment config poll failed", e);
        }
      }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** One round: import a changed watched file, then install the store's newest entry if it is new. */
  public synchronized void poll() {
    if (file != null) {
      importFile();
    }
    long latest = store.latestSeq();
    if (latest <= appliedSeq) {
      return;
    }
    Optional<ConfigStore.Entry> entry = store.latest();
    if (entry.isEmpty()) {
      return;
    }
    ConfigStore.Entry e = entry.get();
    try {
      holder.install(holder.prepare(e.yaml(), "experiment config store entry " + e.seq()));
      lastError = null;
    } catch (ConfigException ex) {
      lastError = "store entry " + e.seq() + " (version " + e.version() + ") cannot be applied by this build, "
          + holder.current().version() + " stays live: " + ex.getMessage();
      log.error(lastError);
    }
    appliedSeq = e.seq();
  }

  private void importFile() {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return; // a ConfigMap being replaced; the next poll sees the new one
    } catch (IOException e) {
      lastError = "cannot read " + file + ": " + e.getMessage();
      return;
    }
    String sha = ConfigStore.sha256(yaml);
    if (sha.equals(lastFileSha)) {
      return;
    }
    lastFileSha = sha;
    String source = "file:" + file;
    if (fileAlreadyStored(source, sha)) {
      return;
    }
    ConfigSnapshot next;
    try {
      next = holder.prepare(yaml, file.toString());
    } catch (ConfigException e) {
      lastError = file + " rejected, " + holder.current().version() + " stays live: " + e.getMessage();
      log.error(lastError);
      return;
    }
    // Re-checked before every append attempt: another replica importing the same change wins the
    // race for the next entry, and this one must then not store it a second time.
    appendWithRetry(next.version(), source, "system", yaml, () -> !fileAlreadyStored(source, sha));
  }

  /**
   * Whether the newest entry imported from {@code source} has this content: imported already (by
   * this or another replica, now or before a restart), so a later admin change made on top of it
   * must not be overwritten.
   */
  private boolean fileAlreadyStored(String source, String sha) {
    List<ConfigStore.Entry> history = store.history();
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).source().equals(source)) {
        return history.get(i).sha256().equals(sha);
      }
    }
    return false;
  }

  /**
   * Validates {@code yaml} and makes it the live config on every replica.
   *
   * @throws ConfigException listing every problem; nothing changes
   * @throws VersionConflictException when its version is live or names other content in the history
   */
  public synchronized ConfigStore.Entry put(String yaml, String actor) {
    ConfigSnapshot next = holder.prepare(yaml, "admin API");
    String sha = ConfigStore.sha256(yaml);
    if (next.version().equals(holder.current().version())) {
      throw new VersionConflictException("version '" + next.version() + "' is the live config; give the new config"
          + " a new version");
    }
    // Checked before every append attempt: an admin on another replica may take the version first.
    ConfigStore.Entry entry = appendWithRetry(next.version(), "admin", actor, yaml, () -> {
      for (ConfigStore.Entry e : store.history()) {
        if (e.version().equals(next.version()) && !e.sha256().equals(sha)) {
          throw new VersionConflictException("version '" + next.version() + "' was used by store entry " + e.seq()
              + " for other content; versions name one config, give this one a new version");
        }
      }
      return true;
    }).orElseThrow();
    poll();
    return entry;
  }

  /**
   * Makes an earlier config live again, as a new history entry: {@code toVersion}, or when null
   * the version that was live before the current one.
   *
   * @throws IllegalArgumentException naming the known versions when there is nothing to go back to
   */
  public synchronized ConfigStore.Entry rollback(String toVersion, String actor) {
    List<ConfigStore.Entry> history = store.history();
    if (history.isEmpty()) {
      throw new IllegalArgumentException("the experiment config history is empty");
    }
    String live = history.get(history.size() - 1).version();
    ConfigStore.Entry target = null;
    for (int i = history.size() - 2; i >= 0 && target == null; i--) {
      ConfigStore.Entry e = history.get(i);
      if (toVersion == null ? !e.version().equals(live) : e.version().equals(toVersion)) {
        target = e;
      }
    }
    if (target == null) {
      throw new IllegalArgumentException(toVersion == null
          ? "no earlier version than the live '" + live + "' to roll back to"
          : "version '" + toVersion + "' is not in the history; versions: "
              + history.stream().map(ConfigStore.Entry::version).distinct().toList());
    }
    holder.prepare(target.yaml(), "rollback to store entry " + target.seq()); // still valid for this build?
    ConfigStore.Entry entry = appendWithRetry(target.version(), "rollback", actor, target.yaml(), () -> true)
        .orElseThrow();
    poll();
    return entry;
  }

  /** The store entry this replica serves (the YAML behind the live config), if any. */
  public Optional<ConfigStore.Entry> applied() {
    long seq;
    synchronized (this) {
      seq = appliedSeq;
    }
    return store.read(seq);
  }

  public List<ConfigStore.Entry> history() {
    return store.history();
  }

  /**
   * Appends as the next entry, re-reading and retrying when another writer took that number;
   * {@code stillNeeded} is asked before each attempt (empty result: no longer needed).
   */
  private Optional<ConfigStore.Entry> appendWithRetry(String version, String source, String actor, String yaml,
      java.util.function.BooleanSupplier stillNeeded) {
    for (int attempt = 0; attempt < 10; attempt++) {
      // The number first, then the check: an entry that lands after this read makes the append
      // below fail (the number is taken), so the check always saw every entry it competes with.
      long latest = store.latestSeq();
      if (!stillNeeded.getAsBoolean()) {
        return Optional.empty();
      }
      Optional<ConfigStore.Entry> e = store.append(latest, version, source, actor, clock.instant(), yaml);
      if (e.isPresent()) {
        log.info("experiment config {} stored as entry {} ({} by {})", version, e.get().seq(), source, actor);
        return e;
      }
    }
    throw new IllegalStateException("the experiment config store " + store.dir() + " kept changing under 10 appends");
  }

  /** A config whose version is already taken. */
  public static final class VersionConflictException extends RuntimeException {
    public VersionConflictException(String message) {
      super(message);
    }
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
