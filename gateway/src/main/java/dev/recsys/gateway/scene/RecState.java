package dev.recsys.gateway.scene;

import java.util.ArrayList;
import java.util.List;

/**
 * The immutable per-request state that flows through a scene's layers. Each experiment returns a
 * new state; none mutates the one it was given.
 *
 * @param degraded stages that fell back instead of answering normally (e.g. "rank")
 */
public record RecState(String requestId, String scene, String userId, int count,
    List<Candidate> candidates, List<String> degraded) {

  public RecState {
    candidates = List.copyOf(candidates);
    degraded = List.copyOf(degraded);
  }

  public static RecState start(String requestId, String scene, String userId, int count) {
    return new RecState(requestId, scene, userId, count, List.of(), List.of());
  }

  public RecState withCandidates(List<Candidate> next) {
    return new RecState(requestId, scene, userId, count, next, degraded);
  }

  public RecState withDegraded(String stage) {
    List<String> d = new ArrayList<>(degraded);
    d.add(stage);
    return new RecState(requestId, scene, userId, count, candidates, d);
  }
}
