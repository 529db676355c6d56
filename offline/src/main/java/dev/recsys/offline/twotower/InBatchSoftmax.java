package dev.recsys.offline.twotower;

import java.util.Arrays;

/**
 * The in-batch softmax loss and its gradient. For a batch of n (user, positive item) pairs with
 * user vectors u_i and item vectors v_j (both unit length):
 *
 * <pre>
 * s_ij = (u_i . v_j) / T - w * log q(item_j)         q = the item's share of training positives
 * loss = -(1/W) sum_i w_i log( exp(s_ii) / sum_j exp(s_ij) ),   W = sum_i w_i
 * </pre>
 *
 * with example weights w_i (all 1 unless the trainer weights recent examples up).
 * Every other positive in the batch is a negative for row i, except positives of the same item
 * (j != i with item_j == item_i), which are left out of row i's softmax rather than counted as
 * negatives. In-batch negatives are drawn in proportion to popularity; subtracting log q (logQ
 * correction, Yi et al. 2019) makes the learned score estimate log p(item | user) instead of a
 * popularity-discounted one, which is what retrieval ranks by. The correction is a constant, so
 * it has no gradient.
 *
 * <p>Not thread-safe: one instance per trainer; it parallelises each batch itself.
 */
final class InBatchSoftmax {

  private final TwoTowerModel model;
  private final float[] logQ;
  private final float invTemperature;
  private final Parallel parallel;
  private final float[][][] userGrads;
  private final float[][][] itemGrads;
  private Tower.Activations ua;
  private Tower.Activations ia;
  private float[] g;
  private float[] vt;
  private double[] rowLoss;

  /** {@code logQ[i]}: the correction subtracted from every logit of item row i (already weighted). */
  InBatchSoftmax(TwoTowerModel model, float[] logQ, double temperature, Parallel parallel) {
    this.model = model;
    this.logQ = logQ;
    this.invTemperature = (float) (1 / temperature);
    this.parallel = parallel;
    userGrads = new float[parallel.threads()][][];
    itemGrads = new float[parallel.threads()][][];
    for (int c = 0; c < parallel.threads(); c++) {
      userGrads[c] = model.user.newGradients();
      itemGrads[c] = model.item.newGradients();
    }
  }

  /**
   * Forward and backward for one batch; adds the gradient of the mean loss to every parameter's
   * accumulator and returns the mean loss.
   *
   * @param userFields user tower ids per field, n examples
   * @param itemFields item tower ids per field, n examples
   * @param items      the positive item row of each example (for logQ and same-item masking)
   * @param weights    example weights, or null for all 1
   * @return the weighted mean loss
   */
  double forwardBackward(int[][] userFields, int[][] itemFields, int[] items, float[] weights, int n) {
    if (ua == null || ua.n != n) {
      ua = new Tower.Activations(model.user, n);
      ia = new Tower.Activations(model.item, n);
      g = new float[n * n];
      vt = new float[n * model.user.out];
      rowLoss = new double[n];
    }
    Tower user = model.user;
    Tower item = model.item;
    int d = user.out;
    parallel.forRanges(n, (c, from, to) -> {
      user.forward(userFields, ua, from, to);
      item.forward(itemFields, ia, from, to);
    });
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < d; k++) {
        vt[k * n + j] = ia.y[j * d + k];
      }
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += weights == null ? 1 : weights[i];
    }
    double weightSum = total;
    parallel.forRanges(n, (c, from, to) -> softmaxRows(items, weights, weightSum, n, d, from, to));
    // dL/du_i = sum_j g_ij v_j / T and dL/dv_j = sum_i g_ij u_i / T; rows and columns split alike.
    parallel.forRanges(n, (c, from, to) -> {
      for (int i = from; i < to; i++) {
        int go = i * d;
        Arrays.fill(ua.gy, go, go + d, 0f);
        Arrays.fill(ia.gy, go, go + d, 0f);
        for (int j = 0; j < n; j++) {
          float gij = g[i * n + j] * invTemperature;
          if (gij != 0f) {
            axpy(gij, ia.y, j * d, ua.gy, go, d);
          }
          float gji = g[j * n + i] * invTemperature;
          if (gji != 0f) {
            axpy(gji, ua.y, j * d, ia.gy, go, d);
          }
        }
      }
    });
    user.prepareBackward();
    item.prepareBackward();
    parallel.forRanges(n, (c, from, to) -> {
      user.backward(ua, userGrads[c], from, to);
      item.backward(ia, itemGrads[c], from, to);
    });
    for (int c = 0; c < userGrads.length; c++) {
      user.reduce(userGrads[c]);
      item.reduce(itemGrads[c]);
    }
    user.scatter(userFields, ua, n);
    item.scatter(itemFields, ia, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += (weights == null ? 1 : weights[i]) * rowLoss[i];
    }
    return sum / weightSum;
  }

  /** Logits, softmax, row losses and {@code g_ij = w_i (p_ij - [i == j]) / W} for rows [from, to). */
  private void softmaxRows(int[] items, float[] weights, double weightSum, int n, int d, int from, int to) {
    float[] dots = new float[n];
    double[] s = new double[n];
    for (int i = from; i < to; i++) {
      // Row i of U V^T as d axpy passes over the transposed item vectors.
      Arrays.fill(dots, 0f);
      int uo = i * d;
      for (int k = 0; k < d; k++) {
        float uk = ua.y[uo + k];
        int r = k * n;
        for (int j = 0; j < n; j++) {
          dots[j] += uk * vt[r + j];
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        s[j] = j != i && items[j] == items[i]
            ? Double.NEGATIVE_INFINITY
            : (double) dots[j] * invTemperature - logQ[items[j]];
        max = Math.max(max, s[j]);
      }
      double target = s[i];
      double z = 0;
      for (int j = 0; j < n; j++) {
        double e = Math.exp(s[j] - max);
        z += e;
        s[j] = e;
      }
      rowLoss[i] = max + Math.log(z) - target;
      int go = i * n;
      double w = (weights == null ? 1 : weights[i]) / weightSum;
      double scale = w / z;
      for (int j = 0; j < n; j++) {
        g[go + j] = (float) (s[j] * scale - (i == j ? w : 0));
      }
    }
  }

  private static void axpy(float a, float[] x, int xo, float[] y, int yo, int d) {
    for (int k = 0; k < d; k++) {
      y[yo + k] += a * x[xo + k];
    }
  }
}
