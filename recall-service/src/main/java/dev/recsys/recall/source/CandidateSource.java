package dev.recsys.recall.source;

import dev.recsys.api.v1.ScoredItem;
import java.util.List;
import java.util.Set;

/**
 * One candidate generator. Its {@link #name()} is what requests, logs and metrics call it.
 * Implementations are thread-safe.
 */
public interface CandidateSource {

  String name();

  /** Up to {@code quota} candidates for the user, best first, none of them in {@code exclude}. */
  List<ScoredItem> candidates(String userId, int quota, Set<String> exclude);
}
