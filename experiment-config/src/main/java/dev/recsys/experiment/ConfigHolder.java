package dev.recsys.experiment;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the live config as an immutable snapshot swapped atomically. A new config is validated
 * and its allocations computed before the swap, so readers only ever see a complete, valid
 * snapshot, and a rejected config leaves the old one live.
 *
 * <p>Thread-safe: {@link #current()} is a volatile read; concurrent {@link #apply} calls each
 * install a valid snapshot and the last to finish wins.
 */
public final class ConfigHolder {
  private static final Logger log = LoggerFactory.getLogger(ConfigHolder.class);

  private final Map<String, List<ParamSpec>> experiments;
  private final Clock clock;
  private final AtomicReference<ConfigSnapshot> current = new AtomicReference<>();

  /** Validates {@code initial}; throws {@link ConfigException} if it is invalid. */
  public ConfigHolder(ExperimentConfig initial, Map<String, List<ParamSpec>> experiments) {
    this(initial, experiments, Clock.systemUTC());
  }

  /** As above, with the clock that stamps {@link ConfigSnapshot#loadedAt()} (tests pass a fixed one). */
  public ConfigHolder(ExperimentConfig initial, Map<String, List<ParamSpec>> experiments, Clock clock) {
    Map<String, List<ParamSpec>> copy = new LinkedHashMap<>();
    experiments.forEach((name, specs) -> copy.put(name, List.copyOf(specs)));
    this.experiments = Collections.unmodifiableMap(copy);
    this.clock = Objects.requireNonNull(clock, "clock");
    current.set(build(initial));
    log.info("experiment config {} loaded: scenes {}", initial.version(), initial.scenes().keySet());
  }

  public ConfigSnapshot current() {
    return current.get();
  }

  /** Validates then swaps; on failure throws ConfigException and the old snapshot stays live. Returns the new snapshot. */
  public ConfigSnapshot apply(ExperimentConfig next) {
    ConfigSnapshot snapshot;
    try {
      snapshot = build(next);
    } catch (ConfigException e) {
      log.warn("experiment config {} rejected, {} stays live: {}", next.version(), current().version(), e.getMessage());
      throw e;
    }
    ConfigSnapshot previous = current.getAndSet(snapshot);
    log.info("experiment config {} applied (was {}): scenes {}", next.version(), previous.version(), next.scenes().keySet());
    return snapshot;
  }

  /** Parses (with line:column in problems), validates and applies YAML text; see {@link #apply}. */
  public ConfigSnapshot applyYaml(String yaml, String sourceName) {
    ExperimentConfig parsed;
    try {
      parsed = ConfigParser.parse(yaml, sourceName, experiments);
    } catch (ConfigException e) {
      log.warn("experiment config from {} rejected, {} stays live: {}", sourceName, current().version(), e.getMessage());
      throw e;
    }
    return apply(parsed);
  }

  /**
   * Parses and validates YAML and computes its allocations without applying it: what a reload
   * does before it decides to commit. Throws {@link ConfigException} listing every problem.
   */
  public ConfigSnapshot prepare(String yaml, String sourceName) {
    return build(ConfigParser.parse(yaml, sourceName, experiments));
  }

  /** Makes a {@link #prepare}d snapshot live (one atomic swap); returns the one it replaced. */
  public ConfigSnapshot install(ConfigSnapshot snapshot) {
    ConfigSnapshot previous = current.getAndSet(Objects.requireNonNull(snapshot, "snapshot"));
    log.info("experiment config {} applied (was {}): scenes {}", snapshot.version(), previous.version(),
        snapshot.config().scenes().keySet());
    return previous;
  }

  /** The experiments configs are validated against (name -> declared params). */
  public Map<String, List<ParamSpec>> experiments() {
    return experiments;
  }

  private ConfigSnapshot build(ExperimentConfig config) {
    Objects.requireNonNull(config, "config");
    List<String> problems = ConfigValidator.validate(config, experiments);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<String, List<ArmAllocation>> allocations = new LinkedHashMap<>();
    config.scenes().forEach((name, scene) -> {
      List<ArmAllocation> layers = new ArrayList<>();
      for (LayerConfig layer : scene.layers()) {
        layers.add(ArmAllocation.of(layer));
      }
      allocations.put(name, layers);
    });
    return new ConfigSnapshot(config, allocations, clock.instant());
  }
}
