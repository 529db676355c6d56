package dev.recsys.offline.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void aucMatchesPairCountingWithTies() {
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.4};
    byte[] y = {0, 0, 1, 1, 1};
    // Pairs (pos, neg): 0.35>0.1 win, 0.35<0.4 loss, 0.8 wins twice, 0.4>0.1 win, 0.4=0.4 half -> 4.5/6
    assertThat(Metrics.auc(s, y)).isCloseTo(4.5 / 6, Offset.offset(1e-12));
    assertThat(Metrics.auc(new double[] {1, 2}, new byte[] {1, 1})).isNaN();
  }

  @Test
  void loglossOfAPerfectAndAConstantPredictor() {
    assertThat(Metrics.logloss(new double[] {1, 0}, new byte[] {1, 0})).isLessThan(1e-12);
    assertThat(Metrics.logloss(new double[] {0.5, 0.5}, new byte[] {1, 0})).isCloseTo(Math.log(2), Offset.offset(1e-12));
  }
}
