package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Experiments over a trace state, so tests can see what ran, in which order, with which params. */
public final class TestExperiments {
  private TestExperiments() {}

  /** Immutable per-request state, like the gateway's record. */
  public record Trace(List<String> steps) {
    public Trace {
      steps = List.copyOf(steps);
    }

    public static Trace start() {
      return new Trace(List.of());
    }

    Trace plus(String step) {
      List<String> s = new ArrayList<>(steps);
      s.add(step);
      return new Trace(s);
    }
  }

  @Experiment("match.popular")
  static class Popular implements SceneExperiment<Trace> {
    @Override
    public Trace apply(Trace state, ExperimentParams params) {
      return state.plus("match.popular quota=" + params.getInt("quota"));
    }

    @Override
    public List<ParamSpec> params() {
      return Catalogue.EXPERIMENTS.get("match.popular");
    }
  }

  /** What a Spring CGLIB proxy looks like: an unannotated subclass with a generated name. */
  static class Popular$$SpringCGLIB$$0 extends Popular {}

  @Experiment("rank.lightgbm")
  static class Lightgbm implements SceneExperiment<Trace> {
    @Override
    public Trace apply(Trace state, ExperimentParams params) {
      return state.plus("rank.lightgbm topK=" + params.getInt("topK") + " useGpu=" + params.getBoolean("useGpu"));
    }

    @Override
    public List<ParamSpec> params() {
      return Catalogue.EXPERIMENTS.get("rank.lightgbm");
    }
  }

  @Experiment("rank.passthrough")
  static class Passthrough implements SceneExperiment<Trace> {
    @Override
    public Trace apply(Trace state, ExperimentParams params) {
      return state.plus("rank.passthrough");
    }
  }

  public static Map<String, SceneExperiment<Trace>> all() {
    return SceneEngine.discover(List.of(new Popular$$SpringCGLIB$$0(), new Lightgbm(), new Passthrough()));
  }
}
