package dev.recsys.transform;

import java.util.List;

/**
 * The model input contract: the ordered feature names a ranker is trained on and served with,
 * which of them are categorical ids, and the version of the transform that produced them.
 * A model trained on one contract must only be served rows built under the same contract.
 */
public record ModelInput(String version, List<String> featureNames, List<Integer> categoricalIndices) {

  public ModelInput {
    featureNames = List.copyOf(featureNames);
    categoricalIndices = List.copyOf(categoricalIndices);
  }

  public int width() {
    return featureNames.size();
  }
}
