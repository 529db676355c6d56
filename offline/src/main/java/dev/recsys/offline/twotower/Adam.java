package dev.recsys.offline.twotower;

/**
 * Adam (Kingma and Ba) with the usual defaults. Embedding tables get the lazy variant: only the
 * rows with a gradient this step are updated, with the global step count for bias correction,
 * so a step costs O(batch) rather than O(vocabulary). Clears the gradients it consumes.
 */
final class Adam {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final double learningRate;
  private long step;

  Adam(double learningRate) {
    this.learningRate = learningRate;
  }

  void step(Iterable<Param> params) {
    step++;
    double c1 = 1 - Math.pow(BETA1, step);
    double c2 = 1 - Math.pow(BETA2, step);
    float lr = (float) (learningRate * Math.sqrt(c2) / c1);
    for (Param p : params) {
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
