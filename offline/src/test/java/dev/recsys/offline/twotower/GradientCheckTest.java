package dev.recsys.offline.twotower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences against the hand-written backward pass, for every parameter of
 * both towers (embedding tables, hidden and output layers), through sequence pooling with
 * padding, the L2 norm, logQ, same-item masking and example weights.
 */
class GradientCheckTest {

  private static final float EPS = 1e-3f;
  private static final double ATOL = 1e-4;
  private static final double RTOL = 1e-2;
  /** Unequal example weights, as recency weighting produces. */
  private static final float[] WEIGHTS = {1f, 0.5f, 0.25f, 2f, 1f, 0.8f};

  @Test
  void backwardMatchesFiniteDifferencesWithHiddenLayer() {
    check(Tiny.config(5));
  }

  @Test
  void backwardMatchesFiniteDifferencesForLinearProjection() {
    check(Tiny.config(0));
  }

  private static void check(TwoTowerConfig config) {
    TwoTowerModel model = TwoTowerModel.initial(Tiny.USERS, Tiny.ITEMS, config);
    int pad = model.historyPadding();
    int oov = model.userOov();
    // Six examples: items 2 and 5 repeat (masked as negatives), user 3 is OOV, histories padded.
    int[][] userFields = {
        {0, 1, 2, oov, 4, 0},
        {1, 2, 0, 2, 1, 1},
        {3, 2, 0, 7, 1, 3},
        {4, 1, 21, 0, 8, 4},
        {1, 3, pad, 0, pad, pad, pad, pad, pad, 6, 6, 2, 4, pad, pad, 5, 0, 1}};
    int[] items = {2, 5, 2, 0, 6, 5};
    int[] idRows = {2, 5, 2, model.numItems(), 6, 5};
    int[][] itemFields = model.itemFields(items, idRows);
    float[] logQ = {-1.2f, -0.3f, -2.0f, 0f, -0.7f, -1.5f, -0.1f};
    List<Param> params = new ArrayList<>(model.user.params());
    params.addAll(model.item.params());

    try (Parallel parallel = new Parallel(1)) {
      InBatchSoftmax loss = new InBatchSoftmax(model, logQ, config.temperature(), parallel);
      loss.forwardBackward(userFields, itemFields, items, WEIGHTS, items.length);
      List<float[]> analytic = new ArrayList<>();
      for (Param p : params) {
        analytic.add(p.grad.clone());
        p.zeroGrad();
      }
      int checked = 0;
      double worst = 0;
      for (int q = 0; q < params.size(); q++) {
        Param p = params.get(q);
        for (int i = 0; i < p.value.length; i++) {
          float w = p.value[i];
          p.value[i] = w + EPS;
          double up = lossOnly(loss, params, userFields, itemFields, items);
          p.value[i] = w - EPS;
          double down = lossOnly(loss, params, userFields, itemFields, items);
          p.value[i] = w;
          double numeric = (up - down) / (2 * EPS);
          double a = analytic.get(q)[i];
          // Float forward passes put a noise floor of about 1e-5 under the numeric gradient.
          double err = Math.abs(numeric - a) / (ATOL + RTOL * Math.max(Math.abs(numeric), Math.abs(a)));
          worst = Math.max(worst, err);
          assertThat(err).as("%s[%d]: analytic %s, numeric %s", p.name, i, a, numeric).isLessThan(1.0);
          checked++;
        }
      }
      assertThat(checked).isGreaterThan(250);
      System.out.printf("gradient check (hidden %d): %d parameters, worst error %.2f of the tolerance%n",
          config.hidden(), checked, worst);
    }
  }

  private static double lossOnly(InBatchSoftmax loss, List<Param> params, int[][] userFields, int[][] itemFields,
      int[] items) {
    double l = loss.forwardBackward(userFields, itemFields, items, WEIGHTS, items.length);
    for (Param p : params) {
      p.zeroGrad();
    }
    return l;
  }
}
