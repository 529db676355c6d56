package dev.recsys.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequencePoolingTest {

  @Test
  void keepsTheLastDistinctIdsMostRecentFirstAndPads() {
    int[] out = new int[8];
    SequencePooling.lastDistinct(new int[] {5, 7, 5, 9, 7}, 5, out, 2, 4, -1);
    assertThat(out).containsExactly(0, 0, 7, 9, 5, -1, 0, 0);
    SequencePooling.lastDistinct(new int[] {1, 2, 3, 4, 5}, 4, out, 0, 2, -1);
    assertThat(out[0]).isEqualTo(4);
    assertThat(out[1]).isEqualTo(3);
  }

  @Test
  void anEmptyHistoryIsAllPaddingAndPoolsToZero() {
    int[] out = new int[3];
    SequencePooling.lastDistinct(new int[0], 0, out, 0, 3, 9);
    assertThat(out).containsExactly(9, 9, 9);
    assertThat(SequencePooling.meanPool(new float[20], 2, out, 0, 3, 9)).containsExactly(0f, 0f);
  }

  @Test
  void meanPoolSkipsPadding() {
    float[] table = {1, 2, 3, 4, 5, 6}; // 3 rows of 2
    assertThat(SequencePooling.meanPool(table, 2, new int[] {0, 2, 3}, 0, 3, 3)).containsExactly(3f, 4f);
  }

  @Test
  void outOfBoundsRangesAreRefused() {
    assertThatThrownBy(() -> SequencePooling.lastDistinct(new int[2], 3, new int[4], 0, 4, 0))
        .hasMessageContaining("sequence end 3 of 2");
    assertThatThrownBy(() -> SequencePooling.lastDistinct(new int[2], 2, new int[4], 2, 4, 0))
        .hasMessageContaining("output 2..6 of 4");
  }
}
