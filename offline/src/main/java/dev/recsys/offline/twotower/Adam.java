package dev.recsys.offline.twotower;

/**
 * Adam (Kingma and Ba) with the usual defaults and decoupled weight decay (AdamW). Embedding
 * tables get the lazy variant of the moment update: only the rows with a gradient this step are
 * updated, with the global step count for bias correction. Clears the gradients it consumes.
 */
final class Adam {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final double learningRate;
  private final double weightDecay;
  private long step;

  Adam(double learningRate, double weightDecay) {
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /** One update of every parameter with step size {@code learningRate * scale}. */
  void step(Iterable<Param> params, double scale) {
    step++;
    double c1 = 1 - Math.pow(BETA1, step);
    double c2 = 1 - Math.pow(BETA2, step);
    float lr = (float) (learningRate * scale * Math.sqrt(c2) / c1);
    // Decoupled decay (Loshchilov and Hutter): w *= 1 - lr * wd, on every value, touched or not.
    float keep = (float) (1 - learningRate * scale * weightDecay);
    for (Param p : params) {
      if (keep != 1f) {
        float[] w = p.value;
        for (int i = 0; i < w.length; i++) {
          w[i] *= keep;
        }
      }
      if (p.sparse()) {
        for (int i = 0; i < p.touchedCount(); i++) {
          int r = p.touchedRow(i);
          update(p, r * p.cols, (r + 1) * p.cols, lr);
        }
      } else {
        update(p, 0, p.value.length, lr);
      }
      p.zeroGrad();
    }
  }

  /** The bias corrections are folded into {@code lr}, the standard efficient form of the update. */
  private static void update(Param p, int from, int to, float lr) {
    float[] w = p.value;
    float[] g = p.grad;
    float[] m = p.m;
    float[] v = p.v;
    float b1 = (float) BETA1;
    float b2 = (float) BETA2;
    float eps = (float) EPS;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      w[i] -= lr * m[i] / ((float) Math.sqrt(v[i]) + eps);
    }
  }
}
