package dev.recsys.gateway.experiments;

import dev.recsys.api.v1.MatcherQuota;
import dev.recsys.api.v1.RecallRequest;
import dev.recsys.api.v1.ScoredItem;
import dev.recsys.experiment.Experiment;
import dev.recsys.experiment.ExperimentParams;
import dev.recsys.experiment.ParamSpec;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.gateway.downstream.Downstreams;
import dev.recsys.gateway.downstream.Guard;
import dev.recsys.gateway.scene.Candidate;
import dev.recsys.gateway.scene.RecState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Match layer: popularity candidates from the recall service. When recall-service fails (or its
 * breaker is open), the last popular list it gave stands in and the answer is marked degraded.
 */
@Component
@Experiment("match.popular")
public class PopularMatch implements SceneExperiment<RecState> {

  private static final Logger log = LoggerFactory.getLogger(PopularMatch.class);

  private final Downstreams downstreams;
  private final PopularFallback fallback;

  public PopularMatch(Downstreams downstreams, PopularFallback fallback) {
    this.downstreams = downstreams;
    this.fallback = fallback;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(ParamSpec.ofInt("quota", 200, 1, 1000));
  }

  @Override
  public RecState apply(RecState state, ExperimentParams params) {
    int quota = Math.max(params.getInt("quota"), state.count());
    RecallRequest request = RecallRequest.newBuilder()
        .setUserId(state.userId())
        .setRequestId(state.requestId())
        .addMatchers(MatcherQuota.newBuilder().setMatcher("popular").setQuota(Math.min(quota, 1000)))
        .build();
    List<ScoredItem> found;
    try {
      found = downstreams.recall(stub -> stub.recall(request)).getCandidatesList();
    } catch (Guard.DownstreamException e) {
      log.warn("{}; answering from the cached popular list", e.getMessage());
      return state.withCandidates(fallback.get()).withDegraded("match");
    }
    List<Candidate> candidates = found.stream()
        .map(i -> new Candidate(i.getItemId(), i.getScore(), i.getSource())).toList();
    fallback.remember(candidates);
    return state.withCandidates(candidates);
  }
}
