package dev.recsys.gateway.experiments;

import dev.recsys.api.v1.MatcherQuota;
import dev.recsys.api.v1.RecallRequest;
import dev.recsys.api.v1.ScoredItem;
import dev.recsys.experiment.Experiment;
import dev.recsys.experiment.ExperimentParams;
import dev.recsys.experiment.ParamSpec;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.gateway.downstream.Downstreams;
import dev.recsys.gateway.scene.Candidate;
import dev.recsys.gateway.scene.RecState;
import java.util.List;
import org.springframework.stereotype.Component;

/** Match layer: popularity candidates from the recall service. */
@Component
@Experiment("match.popular")
public class PopularMatch implements SceneExperiment<RecState> {

  private final Downstreams downstreams;

  public PopularMatch(Downstreams downstreams) {
    this.downstreams = downstreams;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(ParamSpec.ofInt("quota", 200, 1, 1000));
  }

  @Override
  public RecState apply(RecState state, ExperimentParams params) {
    int quota = Math.max(params.getInt("quota"), state.count());
    List<ScoredItem> found = downstreams.recall().recall(RecallRequest.newBuilder()
        .setUserId(state.userId())
        .setRequestId(state.requestId())
        .addMatchers(MatcherQuota.newBuilder().setMatcher("popular").setQuota(Math.min(quota, 1000)))
        .build()).getCandidatesList();
    return state.withCandidates(found.stream()
        .map(i -> new Candidate(i.getItemId(), i.getScore(), i.getSource())).toList());
  }
}
