package dev.recsys.offline.widedeep;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.recsys.transform.widedeep.WideDeepBatch;
import dev.recsys.transform.widedeep.WideDeepEncoder;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * LightGBM on the Wide&amp;Deep encoder's own features, for comparing the two models on the
 * same inputs: the 7 categorical indices (as LightGBM categorical features, ids included), the 4
 * hashed crosses of the wide tensor (categorical) and the 7 standardised dense values. The
 * booster settings are those of the rank-v1 LightGBM job (100 iterations, 63 leaves, rate 0.1).
 * A comparison tool for the benchmark, not a served model.
 */
public final class WideDeepLightGbm {

  private WideDeepLightGbm() {}

  /** Feature names in column order. */
  static List<String> featureNames() {
    List<String> names = new ArrayList<>(WideDeepEncoder.CATEGORICAL_FIELDS);
    names.addAll(WideDeepEncoder.WIDE_FIELDS.subList(2, WideDeepEncoder.WIDE_FIELDS.size()));
    names.addAll(WideDeepEncoder.DENSE_FIELDS.stream().map(f -> "dense_" + f).toList());
    return names;
  }

  /** Trains on {@code train} and returns the test rows' probabilities. */
  public static double[] trainAndPredict(TrainingRows train, WideDeepBatch test, int threads, long seed) {
    int width = featureNames().size();
    int categorical = WideDeepEncoder.CATEGORICAL_FIELDS.size() + WideDeepEncoder.WIDE_FIELDS.size() - 2;
    String catList = IntStream.range(0, categorical).mapToObj(String::valueOf).collect(Collectors.joining(","));
    float[] x = new float[train.rows() * width];
    float[] y = new float[train.rows()];
    for (int r = 0; r < train.rows(); r++) {
      row(train.categorical(), train.wide(), train.dense(), r, x, r * width);
      y[r] = train.labels()[r];
    }
    float[] tx = new float[test.rows() * width];
    int[] cat = new int[test.categorical().length];
    int[] wide = new int[test.wide().length];
    for (int i = 0; i < cat.length; i++) {
      cat[i] = (int) test.categorical()[i];
    }
    for (int i = 0; i < wide.length; i++) {
      wide[i] = (int) test.wide()[i];
    }
    for (int r = 0; r < test.rows(); r++) {
      row(cat, wide, test.dense(), r, tx, r * width);
    }
    String params = "objective=binary num_iterations=100 num_leaves=63 learning_rate=0.1 min_data_in_leaf=50"
        + " num_threads=" + threads + " seed=" + seed + " deterministic=true force_row_wise=true verbose=-1"
        + " max_cat_threshold=64 categorical_feature=" + catList;
    // Binning on one thread: in a JVM that had already run ONNX Runtime, LightGBM's parallel
    // FindBin over these high-cardinality categoricals twice hung in libgomp (a nested
    // omp_get_num_threads waiting forever). Binning is a few seconds of the run either way.
    try (LGBMDataset dataset = LGBMDataset.createFromMat(x, train.rows(), width, true,
        "categorical_feature=" + catList + " max_bin=255 verbose=-1 num_threads=1", null)) {
      dataset.setFeatureNames(featureNames().toArray(String[]::new));
      dataset.setField("label", y);
      try (LGBMBooster booster = LGBMBooster.create(dataset, params)) {
        for (int i = 0; i < 100; i++) {
          if (booster.updateOneIter()) {
            break;
          }
        }
        return booster.predictForMat(tx, test.rows(), width, true, PredictionType.C_API_PREDICT_NORMAL,
            "num_threads=" + threads);
      }
    } catch (LGBMException e) {
      throw new IllegalStateException("LightGBM on the Wide&Deep features failed: " + e.getMessage(), e);
    }
  }

  private static void row(int[] cat, int[] wide, float[] dense, int r, float[] out, int off) {
    int c = WideDeepEncoder.CATEGORICAL_FIELDS.size();
    int w = WideDeepEncoder.WIDE_FIELDS.size();
    int d = WideDeepEncoder.DENSE_FIELDS.size();
    int k = off;
    for (int f = 0; f < c; f++) {
      out[k++] = cat[r * c + f];
    }
    for (int f = 2; f < w; f++) {
      out[k++] = wide[r * w + f];
    }
    for (int f = 0; f < d; f++) {
      out[k++] = dense[r * d + f];
    }
  }
}
