package dev.recsys.gateway.experiments;

import dev.recsys.experiment.Experiment;
import dev.recsys.experiment.ExperimentParams;
import dev.recsys.experiment.ParamSpec;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.gateway.downstream.Guard;
import dev.recsys.gateway.rerank.ItemAttributes;
import dev.recsys.gateway.rerank.Mmr;
import dev.recsys.gateway.scene.Candidate;
import dev.recsys.gateway.scene.RecState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rerank layer: business filters, then diversity by MMR over item categories ({@link Mmr}).
 * Filters: {@code excludeCategories} (comma-separated), {@code minYear} (items known to be older
 * are dropped). Attributes come from feature-service ({@link ItemAttributes}); if it fails, the
 * ranked order is kept and the answer is marked degraded ({@code rerank}).
 */
@Component
@Experiment("rerank.mmr")
public class MmrRerank implements SceneExperiment<RecState> {

  private static final Logger log = LoggerFactory.getLogger(MmrRerank.class);

  private final ItemAttributes attributes;

  public MmrRerank(ItemAttributes attributes) {
    this.attributes = attributes;
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.ofDouble("lambda", 0.7, 0.0, 1.0),
        ParamSpec.ofInt("window", 100, 1, 1000),
        ParamSpec.ofInt("maxPerCategory", 0, 0, 1000),
        ParamSpec.ofString("excludeCategories", ""),
        ParamSpec.ofInt("minYear", 0, 0, 3000));
  }

  @Override
  public RecState apply(RecState state, ExperimentParams params) {
    if (state.candidates().isEmpty()) {
      return state;
    }
    // The window covers at least what the answer shows, so filters apply to every shown item.
    int window = Math.min(state.candidates().size(), Math.max(params.getInt("window"), state.count()));
    List<Candidate> head = state.candidates().subList(0, window);
    Map<String, ItemAttributes.Attributes> attrs;
    try {
      attrs = attributes.of(head.stream().map(Candidate::itemId).distinct().toList());
    } catch (Guard.DownstreamException e) {
      log.warn("{}; keeping the ranked order", e.getMessage());
      return state.withDegraded("rerank");
    }
    Set<String> excluded = Arrays.stream(params.getString("excludeCategories").split(","))
        .map(String::strip).filter(c -> !c.isEmpty()).collect(Collectors.toSet());
    int minYear = params.getInt("minYear");
    Map<String, Candidate> byId = new HashMap<>();
    List<Mmr.Item> items = head.stream()
        .filter(c -> byId.putIfAbsent(c.itemId(), c) == null)
        .filter(c -> {
          ItemAttributes.Attributes a = attrs.getOrDefault(c.itemId(), ItemAttributes.Attributes.UNKNOWN);
          return (a.category() == null || !excluded.contains(a.category()))
              && (a.year() == null || a.year() >= minYear);
        })
        .map(c -> new Mmr.Item(c.itemId(), c.score(),
            attrs.getOrDefault(c.itemId(), ItemAttributes.Attributes.UNKNOWN).category()))
        .toList();
    List<Mmr.Item> reranked = Mmr.rerank(items, params.getDouble("lambda"), params.getInt("maxPerCategory"), window);
    return state.withCandidates(reranked.stream().map(i -> byId.get(i.id())).toList());
  }
}
