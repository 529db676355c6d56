package dev.recsys.gateway.experiments;

import dev.recsys.experiment.Experiment;
import dev.recsys.experiment.ExperimentParams;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.gateway.scene.RecState;
import org.springframework.stereotype.Component;

/** Rerank control arm: the ranked order as it is. */
@Component
@Experiment("rerank.none")
public class NoRerank implements SceneExperiment<RecState> {
  @Override
  public RecState apply(RecState state, ExperimentParams params) {
    return state;
  }
}
