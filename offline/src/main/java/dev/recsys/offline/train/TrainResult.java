package dev.recsys.offline.train;

import java.nio.file.Path;

/**
 * What one training run produced and measured on the test split. Bayes-optimal figures are NaN
 * for data that has no known ground truth (MovieLens).
 */
public record TrainResult(
    Path modelDir,
    String sha256,
    int trainRows,
    int trainRowsAvailable,
    int testRows,
    double testAuc,
    double testLogloss,
    double popularityCtrAuc,
    double popularityCtrLogloss,
    double popularityCountAuc,
    double bayesOptimalAuc,
    double bayesOptimalLogloss,
    double seconds) {

  public Path modelFile() {
    return modelDir.resolve("model.txt");
  }

  public Path metadataFile() {
    return modelDir.resolve("metadata.json");
  }
}
