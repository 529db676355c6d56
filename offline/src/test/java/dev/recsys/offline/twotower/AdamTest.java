package dev.recsys.offline.twotower;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void firstStepMovesEachTouchedValueByTheLearningRateAgainstItsGradient() {
    Param dense = new Param("d", 1, 2, false);
    Param table = new Param("t", 3, 2, true);
    dense.value[0] = 1f;
    dense.grad[0] = 0.5f;
    dense.grad[1] = -2f;
    table.value[4] = 1f;
    table.addRowGrad(1, new float[] {3f, -1f}, 0, 1f);
    new Adam(0.1, 0).step(List.of(dense, table), 1.0);
    // Bias-corrected Adam's first step is lr * sign(g) (up to eps).
    assertThat(dense.value[0]).isCloseTo(0.9f, Offset.offset(1e-6f));
    assertThat(dense.value[1]).isCloseTo(0.1f, Offset.offset(1e-6f));
    assertThat(table.value[2]).isCloseTo(-0.1f, Offset.offset(1e-6f));
    assertThat(table.value[3]).isCloseTo(0.1f, Offset.offset(1e-6f));
    assertThat(table.value[4]).as("untouched row").isEqualTo(1f);
    assertThat(dense.grad).containsOnly(0f);
    assertThat(table.grad).containsOnly(0f);
    assertThat(table.touchedCount()).isZero();
  }

  @Test
  void weightDecayShrinksEveryValueIncludingUntouchedRows() {
    Param table = new Param("t", 2, 1, true);
    table.value[0] = 2f;
    table.value[1] = -4f;
    new Adam(0.1, 0.5).step(List.of(table), 0.5);
    assertThat(table.value[0]).isCloseTo(2f * (1 - 0.1f * 0.5f * 0.5f), Offset.offset(1e-6f));
    assertThat(table.value[1]).isCloseTo(-4f * (1 - 0.1f * 0.5f * 0.5f), Offset.offset(1e-6f));
  }
}
