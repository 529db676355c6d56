package dev.recsys.gateway.rerank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximal marginal relevance over item categories: repeatedly picks the candidate maximizing
 * {@code lambda * relevance - (1 - lambda) * maxSimilarityToPicked}, with relevance the score
 * min-max normalized over the candidates and similarity 1 for the same (known) category, else 0.
 * {@code lambda = 1} keeps the score order; lower values trade score for variety. A cap per
 * category, when set, skips candidates whose category is full (they are not shown).
 */
public final class Mmr {

  private Mmr() {}

  /** One candidate: its id, score and category (null when unknown: similar to nothing). */
  public record Item(String id, double score, String category) {}

  /** The reranked order, at most {@code limit} items. */
  public static List<Item> rerank(List<Item> candidates, double lambda, int maxPerCategory, int limit) {
    if (lambda < 0 || lambda > 1) {
      throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Item c : candidates) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
    }
    double range = max > min ? max - min : 1;
    List<Item> left = new ArrayList<>(candidates);
    List<Item> picked = new ArrayList<>();
    Map<String, Integer> perCategory = new HashMap<>();
    while (!left.isEmpty() && picked.size() < limit) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < left.size(); i++) {
        Item c = left.get(i);
        if (maxPerCategory > 0 && c.category() != null && perCategory.getOrDefault(c.category(), 0) >= maxPerCategory) {
          continue;
        }
        double relevance = (c.score() - min) / range;
        double similarity = c.category() != null && perCategory.containsKey(c.category()) ? 1 : 0;
        double value = lambda * relevance - (1 - lambda) * similarity;
        if (value > bestValue) { // strict: ties keep the earlier (higher-ranked) candidate
          bestValue = value;
          best = i;
        }
      }
      if (best < 0) {
        break; // every remaining candidate's category is full
      }
      Item chosen = left.remove(best);
      picked.add(chosen);
      if (chosen.category() != null) {
        perCategory.merge(chosen.category(), 1, Integer::sum);
      }
    }
    return picked;
  }
}
