package dev.recsys.gateway.experiments;

import dev.recsys.api.v1.RankRequest;
import dev.recsys.api.v1.RankResponse;
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
 * Rank layer: scores the candidates with a model of the rank service. If the rank service fails,
 * the candidates keep their recall order and the answer is marked degraded.
 */
@Component
@Experiment("rank.model")
public class ModelRank implements SceneExperiment<RecState> {

  private static final Logger log = LoggerFactory.getLogger(ModelRank.class);

  private final Downstreams downstreams;

  public ModelRank(Downstreams downstreams) {
    this.downstreams = downstreams;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(ParamSpec.ofString("model", "lightgbm"));
  }

  @Override
  public RecState apply(RecState state, ExperimentParams params) {
    if (state.candidates().isEmpty()) {
      return state;
    }
    RankRequest request = RankRequest.newBuilder()
        .setUserId(state.userId())
        .setRequestId(state.requestId())
        .setModel(params.getString("model"))
        .addAllCandidateItemIds(state.candidates().stream().map(Candidate::itemId).toList())
        .build();
    RankResponse ranked;
    try {
      ranked = downstreams.rank(stub -> stub.rank(request));
    } catch (Guard.DownstreamException e) {
      log.warn("{}; keeping recall order", e.getMessage());
      return state.withDegraded("rank");
    }
    return state.withCandidates(ranked.getItemsList().stream()
        .map(i -> new Candidate(i.getItemId(), i.getScore(), i.getSource())).toList());
  }
}
