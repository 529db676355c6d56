package dev.recsys.experiment;

import static dev.recsys.experiment.BucketerTest.layer;
import static dev.recsys.experiment.BucketerTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArmAllocationTest {

  @Test
  void equalWeightsCoverAllBucketsWithLargestRemainder() {
    ArmAllocation a = ArmAllocation.of(layer("s", List.of(1, 1, 1)));
    // 10000/3 = 3333 r 1 each; the one leftover bucket goes to the first arm (tie -> earlier).
    assertThat(a.rangeSize()).containsExactly(3334, 3333, 3333);
    assertThat(a.rangeStart()).containsExactly(0, 3334, 6667);
    assertThat(a.armFor(0).name()).isEqualTo("arm0");
    assertThat(a.armFor(3333).name()).isEqualTo("arm0");
    assertThat(a.armFor(3334).name()).isEqualTo("arm1");
    assertThat(a.armFor(6666).name()).isEqualTo("arm1");
    assertThat(a.armFor(6667).name()).isEqualTo("arm2");
    assertThat(a.armFor(9999).name()).isEqualTo("arm2");
  }

  @Test
  void everyBucketHasExactlyOneArmForAwkwardWeights() {
    List<List<Integer>> cases = List.of(List.of(1, 1, 1), List.of(1, 1, 1, 1, 1, 1, 1), List.of(7, 0, 13, 0),
        List.of(Integer.MAX_VALUE, 1), List.of(3, 3, 3, 3, 3, 3), List.of(0, 1));
    for (List<Integer> weights : cases) {
      ArmAllocation a = ArmAllocation.of(layer("s", weights));
      int[] counted = new int[weights.size()];
      for (int b = 0; b < Bucketer.BUCKETS; b++) {
        counted[a.armIndexFor(b)]++;
      }
      assertThat(counted).as("weights %s", weights).containsExactly(a.rangeSize());
      assertThat(java.util.Arrays.stream(a.rangeSize()).sum()).isEqualTo(Bucketer.BUCKETS);
      for (int i = 0; i < weights.size(); i++) {
        if (weights.get(i) == 0) {
          assertThat(counted[i]).as("zero-weight arm %d of %s", i, weights).isZero();
        }
      }
    }
  }

  @Test
  void changingOneWeightMovesOnlyUsersInTheChangedRange() {
    ArmAllocation before = ArmAllocation.of(layer("home/rank", List.of(30, 30, 40)));
    ArmAllocation after = ArmAllocation.of(layer("home/rank", List.of(30, 20, 50)));
    // arm1 shrinks from [3000,6000) to [3000,5000); only buckets [5000,6000) change hands (to arm2).
    assertThat(before.rangeStart()).containsExactly(0, 3000, 6000);
    assertThat(after.rangeStart()).containsExactly(0, 3000, 5000);
    int moved = 0;
    for (int i = 0; i < BucketerTest.USERS; i++) {
      int b = Bucketer.bucket(user(i), "home/rank");
      String was = before.armFor(b).name();
      String now = after.armFor(b).name();
      if (b >= 5000 && b < 6000) {
        assertThat(was + "->" + now).isEqualTo("arm1->arm2");
        moved++;
      } else {
        assertThat(now).as("user %s in bucket %d", user(i), b).isEqualTo(was);
      }
    }
    assertThat((double) moved / BucketerTest.USERS).isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void rejectsLayersThatCannotBeAllocated() {
    assertThatThrownBy(() -> ArmAllocation.of(layer("s", List.of(0, 0)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight 0");
    assertThatThrownBy(() -> ArmAllocation.of(layer("s", List.of(1, -1)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative weight -1");
    assertThatThrownBy(() -> ArmAllocation.of(layer("s", List.of()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no arms");
    assertThatThrownBy(() -> ArmAllocation.of(layer("s", List.of(1))).armFor(10_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 10000)");
  }
}
