package dev.recsys.experiment;

import java.util.List;

/**
 * Outcome of {@link SceneEngine#run}: the final state, one assignment per layer in run order, and
 * the version of the single config snapshot the whole run used.
 */
public record SceneResult<S>(S state, List<LayerAssignment> assignments, String configVersion) {
  public SceneResult {
    assignments = List.copyOf(assignments);
  }
}
