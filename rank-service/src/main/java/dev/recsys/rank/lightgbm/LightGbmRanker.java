package dev.recsys.rank.lightgbm;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.recsys.rank.model.ModelMetadata;
import dev.recsys.rank.model.Ranker;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A LightGBM text model served through LightGBM4j. LightGBM's predict is safe to call concurrently. */
public final class LightGbmRanker implements Ranker {

  public static final String TYPE = "lightgbm";
  public static final String ARTIFACT = "model.txt";

  private final ModelMetadata metadata;
  private final LGBMBooster booster;
  private final int width;

  private LightGbmRanker(ModelMetadata metadata, LGBMBooster booster, int width) {
    this.metadata = metadata;
    this.booster = booster;
    this.width = width;
  }

  /** Loads, verifies the checksum and warms the model up; throws with the file and the problem. */
  public static LightGbmRanker load(Path dir, ModelMetadata metadata) {
    Path file = dir.resolve(ARTIFACT);
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      if (!sha.equalsIgnoreCase(metadata.sha256())) {
        throw new IllegalArgumentException(file + ": sha256 " + sha + " differs from metadata.json's "
            + metadata.sha256() + "; the artifact is corrupt or was replaced");
      }
      text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try {
      LGBMBooster booster = LGBMBooster.loadModelFromString(text);
      int width = booster.getNumFeature();
      if (width != metadata.featureNames().size()) {
        booster.close();
        throw new IllegalArgumentException(file + ": model has " + width + " features, metadata declares "
            + metadata.featureNames().size());
      }
      LightGbmRanker ranker = new LightGbmRanker(metadata, booster, width);
      ranker.score(new float[width], 1, width); // warm-up: first predict allocates LightGBM's buffers
      return ranker;
    } catch (LGBMException e) {
      throw new IllegalArgumentException(file + ": LightGBM cannot load it (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public String name() {
    return metadata.name();
  }

  @Override
  public String version() {
    return metadata.version();
  }

  @Override
  public double[] score(float[] rowMajor, int rows, int width) {
    if (width != this.width) {
      throw new IllegalArgumentException("model " + name() + " needs " + this.width + " features per row, got " + width);
    }
    try {
      return booster.predictForMat(rowMajor, rows, width, true, PredictionType.C_API_PREDICT_NORMAL);
    } catch (LGBMException e) {
      throw new IllegalStateException("LightGBM predict failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      booster.close();
    } catch (LGBMException e) {
      throw new IllegalStateException(e);
    }
  }
}
