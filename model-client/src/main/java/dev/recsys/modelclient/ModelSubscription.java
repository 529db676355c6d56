package dev.recsys.modelclient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the production version of one registry model and follows it: a background thread
 * long-polls the registry, and on a promote or rollback downloads, verifies, loads and warms up
 * the new version and swaps it in. If any step fails, the old version keeps serving and the
 * failure is reported in {@link #status()} and the log.
 *
 * <p>At start it loads the current production version. When the registry cannot be reached it
 * serves the version it last served from its cache, and catches up once the registry answers.
 */
public final class ModelSubscription<M extends AutoCloseable> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelSubscription.class);

  private final String name;
  private final RegistryClient registry;
  private final ModelCache cache;
  private final ModelLoader<M> loader;
  private final Clock clock;
  private final int watchSeconds;
  private final HotSwap<M> models;
  private final AtomicLong swaps = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String production;
  private volatile String lastError;
  private volatile Instant lastSwapAt;
  private volatile Thread watcher;
  private volatile boolean closed;

  public ModelSubscription(String name, RegistryClient registry, ModelCache cache, ModelLoader<M> loader, Clock clock,
      int watchSeconds) {
    this.name = name;
    this.registry = registry;
    this.cache = cache;
    this.loader = loader;
    this.clock = clock;
    this.watchSeconds = watchSeconds;
    this.models = new HotSwap<>(e -> log.warn("closing a retired version of {} failed: {}", name, e.toString()));
  }

  /** Where this subscription stands, for health checks and metrics. */
  public record Status(String name, String serving, String production, long swaps, long failures, String lastError,
      Instant lastSwapAt) {}

  public Status status() {
    return new Status(name, models.version(), production, swaps.get(), failures.get(), lastError, lastSwapAt);
  }

  public String name() {
    return name;
  }

  /** A lease on the model serving now; close it when the call is done. */
  public HotSwap<M>.Lease acquire() {
    return models.acquire();
  }

  /**
   * Loads the production version (waiting up to {@code timeout} for the registry to answer and to
   * have one), falling back to the last version served from the cache, then starts watching.
   *
   * @throws IllegalStateException when neither gives a model, naming both reasons
   */
  public ModelSubscription<M> start(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String why = null;
    while (models.version() == null) {
      try {
        Optional<RegistryClient.VersionInfo> p = registry.production(name);
        if (p.isPresent()) {
          production = p.get().version();
          install(p.get().version());
          break;
        }
        why = "the registry at " + registry.base() + " has no production version of '" + name + "'";
      } catch (IOException e) {
        why = "the registry at " + registry.base() + " is unreachable (" + e + ")";
      } catch (Exception e) {
        why = "production version " + production + " of '" + name + "' failed to load (" + e.getMessage() + ")";
      }
      if (System.nanoTime() > deadline) {
        Optional<ModelCache.Cached> cached = cache.lastServing(name);
        if (cached.isEmpty()) {
          throw new IllegalStateException("cannot serve model '" + name + "': " + why
              + ", and no verified version is cached to fall back on");
        }
        log.warn("{}; serving cached version {} until it answers", why, cached.get().version());
        try {
          models.swap(loader.load(cached.get().dir()), cached.get().version());
        } catch (Exception e) {
          throw new IllegalStateException("cannot serve model '" + name + "': " + why + ", and cached version "
              + cached.get().version() + " failed to load (" + e.getMessage() + ")", e);
        }
        lastError = why;
        break;
      }
      sleep(Duration.ofMillis(500));
    }
    Thread t = new Thread(this::watch, "model-watch-" + name);
    t.setDaemon(true);
    watcher = t;
    t.start();
    return this;
  }

  /** Downloads, verifies, loads and swaps in {@code version}; throws, changing nothing, on any failure. */
  private void install(String version) throws Exception {
    Path dir = cache.fetch(name, version);
    M model = loader.load(dir);
    models.swap(model, version);
    cache.markServing(name, version);
    swaps.incrementAndGet();
    lastSwapAt = clock.instant();
    lastError = null;
    log.info("model {}: now serving version {}", name, version);
  }

  private void watch() {
    Duration backoff = Duration.ofSeconds(1);
    // The last production version this watcher acted on, failed or not: waiting on it (not on the
    // serving version) keeps a version that fails to load from being retried in a tight loop. After a
    // start from the cache it is "", so the first answer brings the registry's production version.
    String seen = production == null ? "" : production;
    while (!closed) {
      try {
        Optional<RegistryClient.VersionInfo> changed = registry.awaitChange(name, seen, watchSeconds);
        backoff = Duration.ofSeconds(1);
        if (changed.isEmpty() || changed.get().version().equals(models.version())) {
          changed.ifPresent(c -> production = c.version());
          if (changed.isPresent()) {
            seen = changed.get().version();
          }
          continue;
        }
        String version = changed.get().version();
        production = version;
        seen = version;
        try {
          install(version);
        } catch (Exception e) {
          failures.incrementAndGet();
          lastError = "version " + version + " failed to load, still serving " + models.version() + ": " + e;
          log.error("model {}: {}", name, lastError);
        }
      } catch (IOException e) {
        if (closed) {
          return;
        }
        lastError = "the registry at " + registry.base() + " is unreachable (" + e + ")";
        log.warn("model {}: {}; retrying in {} s", name, lastError, backoff.toSeconds());
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
            : backoff.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops watching; the serving model is closed once in-flight calls finish. */
  @Override
  public void close() {
    closed = true;
    Thread t = watcher;
    if (t != null) {
      t.interrupt();
    }
    models.close();
  }
}
