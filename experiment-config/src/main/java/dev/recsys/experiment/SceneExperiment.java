package dev.recsys.experiment;

import java.util.List;

/**
 * One step of a scene that a layer's arm can select. Implementations are annotated with
 * {@link Experiment} and must be thread-safe: one instance serves all requests.
 *
 * @param <S> the application's per-request state (an immutable record in the gateway)
 */
public interface SceneExperiment<S> {

  /** Returns the state after this experiment; must not return {@code null}. */
  S apply(S state, ExperimentParams params) throws Exception;

  /** Typed parameters this experiment accepts (validated at config load). */
  default List<ParamSpec> params() {
    return List.of();
  }
}
