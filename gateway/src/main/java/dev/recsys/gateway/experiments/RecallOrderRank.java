package dev.recsys.gateway.experiments;

import dev.recsys.experiment.Experiment;
import dev.recsys.experiment.ExperimentParams;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.gateway.scene.RecState;
import org.springframework.stereotype.Component;

/** Rank layer control arm: keeps the recall order, so an A/B test can measure what a model adds. */
@Component
@Experiment("rank.recall-order")
public class RecallOrderRank implements SceneExperiment<RecState> {
  @Override
  public RecState apply(RecState state, ExperimentParams params) {
    return state;
  }
}
