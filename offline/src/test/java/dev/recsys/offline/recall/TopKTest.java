package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void keepsTheBestBestFirstWithTiesToTheSmallerIdWhateverTheOfferOrder() {
    int[] ids = {7, 3, 9, 1, 5, 2};
    double[] scores = {0.5, 0.9, 0.5, 0.1, 0.5, 0.9};
    int[][] orders = {{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {3, 0, 5, 2, 4, 1}};
    for (int[] order : orders) {
      TopK top = new TopK(4);
      for (int o : order) {
        top.offer(ids[o], scores[o]);
      }
      int[] out = new int[4];
      double[] s = new double[4];
      assertThat(top.drainBestFirst(out, s)).isEqualTo(4);
      assertThat(out).containsExactly(2, 3, 5, 7);
      assertThat(s).containsExactly(0.9, 0.9, 0.5, 0.5);
      assertThat(top.size()).isZero();
    }
  }

  @Test
  void fewerOffersThanCapacityDrainAll() {
    TopK top = new TopK(10);
    top.offer(4, 1.0);
    top.offer(2, 3.0);
    int[] out = new int[10];
    assertThat(top.drainBestFirst(out, null)).isEqualTo(2);
    assertThat(out[0]).isEqualTo(2);
    assertThat(out[1]).isEqualTo(4);
  }
}
