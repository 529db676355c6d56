package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Runs a scene: for each layer in order, pick an arm by {@code bucket(unitId, layer salt)} and
 * apply its experiment to the state. Experiments never call each other; the engine is the only
 * place that sequences them, so assignments are reported uniformly.
 *
 * <p>Thread-safe. Each run reads the holder's snapshot once at the start and uses it throughout,
 * so a config applied mid-request affects only later requests. Resolved params are computed once
 * per snapshot, not per request.
 */
public final class SceneEngine<S> {
  private final ConfigHolder holder;
  private final Map<String, SceneExperiment<S>> experiments;
  /** Per-snapshot precomputation; a benign race may compute it twice, never wrongly. */
  private volatile Compiled<S> compiled;

  public SceneEngine(ConfigHolder holder, Map<String, SceneExperiment<S>> experimentsByName) {
    this.holder = Objects.requireNonNull(holder, "holder");
    this.experiments = Map.copyOf(experimentsByName);
    TreeSet<String> missing = new TreeSet<>();
    for (String name : holder.experiments().keySet()) {
      if (!experiments.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      // The holder would accept configs naming these, which this engine could not run.
      throw new IllegalArgumentException("the config holder knows experiments " + missing
          + " that this engine has no implementation for; engine experiments: " + new TreeSet<>(experiments.keySet()));
    }
  }

  /**
   * Experiments by their {@link Experiment} name. A bean whose class lacks the annotation is
   * looked up through its superclasses, which covers CGLIB proxies (subclasses of the bean class).
   * A missing annotation or a duplicate name throws {@link IllegalStateException}.
   */
  public static <S> Map<String, SceneExperiment<S>> discover(Collection<? extends SceneExperiment<S>> beans) {
    Map<String, SceneExperiment<S>> byName = new LinkedHashMap<>();
    for (SceneExperiment<S> bean : beans) {
      Class<?> type = bean.getClass();
      Experiment annotation = null;
      for (Class<?> c = type; c != null && annotation == null; c = c.getSuperclass()) {
        annotation = c.getAnnotation(Experiment.class);
      }
      if (annotation == null) {
        throw new IllegalStateException(type.getName() + " implements SceneExperiment but has no @Experiment(\"name\")");
      }
      String name = annotation.value();
      if (name.isBlank()) {
        throw new IllegalStateException(type.getName() + " has a blank @Experiment name");
      }
      SceneExperiment<S> previous = byName.putIfAbsent(name, bean);
      if (previous != null) {
        throw new IllegalStateException("two experiments are named '" + name + "': " + previous.getClass().getName()
            + " and " + type.getName() + "; @Experiment names must be unique");
      }
    }
    return Collections.unmodifiableMap(byName);
  }

  /** Declared params of each experiment, the catalogue a {@link ConfigHolder} validates against. */
  public static <S> Map<String, List<ParamSpec>> paramSpecs(Map<String, ? extends SceneExperiment<S>> experiments) {
    Map<String, List<ParamSpec>> specs = new LinkedHashMap<>();
    experiments.forEach((name, e) -> specs.put(name, List.copyOf(e.params())));
    return Collections.unmodifiableMap(specs);
  }

  public SceneResult<S> run(String scene, String unitId, S initial) throws Exception {
    return run(scene, unitId, initial, Map.of());
  }

  /**
   * forcedArms: layer name -> arm name (debugging); unknown forced layer/arm -> IllegalArgumentException naming valid ones.
   * The whole run uses ONE snapshot taken at the start.
   */
  public SceneResult<S> run(String scene, String unitId, S initial, Map<String, String> forcedArms) throws Exception {
    Objects.requireNonNull(unitId, "unitId");
    return run(scene, unit -> unitId, initial, forcedArms);
  }

  /**
   * As above, with the unit id looked up by the scene's configured {@code unit} (userId, a
   * context field ...) in the same snapshot the run uses.
   *
   * @param unitIds unit name -> this request's value of it; must not return null
   */
  public SceneResult<S> run(String scene, java.util.function.Function<String, String> unitIds, S initial,
      Map<String, String> forcedArms) throws Exception {
    ConfigSnapshot snapshot = holder.current();
    CompiledScene<S> cs = compiled(snapshot).scenes.get(scene);
    if (cs == null) {
      throw new UnknownSceneException(scene, List.copyOf(snapshot.config().scenes().keySet()));
    }
    String unitId = Objects.requireNonNull(unitIds.apply(snapshot.config().scenes().get(scene).unit()), "unitId");
    Map<String, String> forced = forcedArms == null ? Map.of() : forcedArms;
    int[] forcedIndex = cs.forcedIndexes(scene, forced);
    S state = initial;
    List<LayerAssignment> assignments = new ArrayList<>(cs.layers.size());
    for (int i = 0; i < cs.layers.size(); i++) {
      CompiledLayer<S> layer = cs.layers.get(i);
      int bucket = LayerConfig.RANDOM.equals(layer.config.bucketing())
          ? java.util.concurrent.ThreadLocalRandom.current().nextInt(Bucketer.BUCKETS)
          : Bucketer.bucket(unitId, layer.config.salt());
      String listed = layer.config.whitelist().get(unitId);
      boolean isForced = forcedIndex[i] >= 0 || listed != null;
      int arm = forcedIndex[i] >= 0 ? forcedIndex[i]
          : listed != null ? layer.armIndex(listed) : layer.allocation.armIndexFor(bucket);
      ArmConfig armConfig = layer.config.arms().get(arm);
      S next = layer.experiments.get(arm).apply(state, layer.params.get(arm));
      if (next == null) {
        throw new IllegalStateException("experiment '" + armConfig.experiment() + "' returned null state in scene '"
            + scene + "' layer '" + layer.config.name() + "' arm '" + armConfig.name() + "'");
      }
      state = next;
      assignments.add(new LayerAssignment(layer.config.name(), armConfig.name(), armConfig.experiment(), bucket, isForced));
    }
    return new SceneResult<>(state, assignments, snapshot.version());
  }

  public ConfigSnapshot snapshot() {
    return holder.current();
  }

  private Compiled<S> compiled(ConfigSnapshot snapshot) {
    Compiled<S> c = compiled;
    if (c == null || c.snapshot != snapshot) {
      c = compile(snapshot);
      compiled = c;
    }
    return c;
  }

  private Compiled<S> compile(ConfigSnapshot snapshot) {
    Map<String, CompiledScene<S>> scenes = new HashMap<>();
    snapshot.config().scenes().forEach((name, scene) -> {
      List<ArmAllocation> allocations = snapshot.allocations().get(name);
      List<CompiledLayer<S>> layers = new ArrayList<>();
      for (int i = 0; i < scene.layers().size(); i++) {
        LayerConfig layer = scene.layers().get(i);
        List<SceneExperiment<S>> impls = new ArrayList<>();
        List<ExperimentParams> params = new ArrayList<>();
        for (ArmConfig arm : layer.arms()) {
          SceneExperiment<S> impl = experiments.get(arm.experiment());
          if (impl == null) { // the holder validated against a catalogue this engine covers
            throw new IllegalStateException("no implementation for experiment '" + arm.experiment() + "'");
          }
          impls.add(impl);
          params.add(ExperimentParams.resolve(impl.params(), scene, layer, arm));
        }
        layers.add(new CompiledLayer<>(layer, allocations.get(i), List.copyOf(impls), List.copyOf(params)));
      }
      scenes.put(name, new CompiledScene<>(List.copyOf(layers)));
    });
    return new Compiled<>(snapshot, scenes);
  }

  private record Compiled<S>(ConfigSnapshot snapshot, Map<String, CompiledScene<S>> scenes) {}

  private record CompiledLayer<S>(
      LayerConfig config, ArmAllocation allocation, List<SceneExperiment<S>> experiments, List<ExperimentParams> params) {
    /** Index of a validated arm name. */
    int armIndex(String arm) {
      for (int i = 0; i < config.arms().size(); i++) {
        if (config.arms().get(i).name().equals(arm)) {
          return i;
        }
      }
      throw new IllegalStateException("whitelisted arm '" + arm + "' is not in layer '" + config.name() + "'");
    }
  }

  private record CompiledScene<S>(List<CompiledLayer<S>> layers) {
    /** Arm index forced per layer (-1 = none); all checked before any experiment runs. */
    int[] forcedIndexes(String scene, Map<String, String> forced) {
      int[] out = new int[layers.size()];
      java.util.Arrays.fill(out, -1);
      for (Map.Entry<String, String> f : forced.entrySet()) {
        int layerIndex = -1;
        List<String> layerNames = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
          layerNames.add(layers.get(i).config.name());
          if (layers.get(i).config.name().equals(f.getKey())) {
            layerIndex = i;
          }
        }
        if (layerIndex < 0) {
          throw new IllegalArgumentException("cannot force unknown layer '" + f.getKey() + "' in scene '" + scene + "'; layers: " + layerNames);
        }
        List<String> armNames = new ArrayList<>();
        for (ArmConfig arm : layers.get(layerIndex).config.arms()) {
          armNames.add(arm.name());
        }
        int armIndex = armNames.indexOf(f.getValue());
        if (armIndex < 0) {
          throw new IllegalArgumentException("cannot force unknown arm '" + f.getValue() + "' in scene '" + scene
              + "' layer '" + f.getKey() + "'; arms: " + armNames);
        }
        out[layerIndex] = armIndex;
      }
      return out;
    }
  }
}
