package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.offline.data.Interactions;
import org.junit.jupiter.api.Test;

class RecallEvaluatorTest {

  // 2 users, 5 items. User 0 saw items 0 (click) and 1; user 1 saw nothing in training.
  private final Interactions train = new Interactions(new int[] {0, 0}, new int[] {0, 1}, new long[] {1, 2},
      new byte[] {0, 0}, new byte[] {1, 0});
  // Test: user 0 clicks 2 and 1 (1 is history, not truth); user 1 clicks 4, skips 3.
  private final Interactions test = new Interactions(new int[] {0, 0, 1, 1}, new int[] {2, 1, 4, 3},
      new long[] {3, 4, 5, 6}, new byte[] {0, 0, 0, 0}, new byte[] {1, 1, 1, 0});

  @Test
  void exactMetricsForAHandComputedCase() {
    UserHistory h = UserHistory.of(train, 2);
    RecallEvaluator eval = new RecallEvaluator(test, h);
    assertThat(eval.users()).isEqualTo(2);
    // user 0 gets [2, ...] (hit at rank 1), user 1 gets [3, 4] (hit at rank 2).
    CandidateSource fixed = new CandidateSource() {
      public String name() {
        return "fixed";
      }

      public int[] topK(int user, int k) {
        return user == 0 ? new int[] {2, 3} : new int[] {3, 4};
      }
    };
    RecallEvaluator.Report r = eval.evaluate(fixed);
    assertThat(r.recall().get(10)).isEqualTo(1.0);
    assertThat(r.hitRate().get(10)).isEqualTo(1.0);
    assertThat(r.ndcg().get(10)).isCloseTo((1.0 + 1.0 / (Math.log(3) / Math.log(2))) / 2, within(1e-12));
  }

  @Test
  void popularExcludesHistoryAndServesUsersWithoutHistory() {
    UserHistory h = UserHistory.of(train, 2);
    PopularSource pop = new PopularSource(train, 5, h);
    assertThat(pop.topK(0, 10)).doesNotContain(0, 1).hasSize(3);
    assertThat(pop.topK(1, 2)).containsExactly(0, 1);
  }

  @Test
  void aSourceReturningDuplicatesIsReported() {
    RecallEvaluator eval = new RecallEvaluator(test, UserHistory.of(train, 2));
    CandidateSource bad = new CandidateSource() {
      public String name() {
        return "dup";
      }

      public int[] topK(int user, int k) {
        return new int[] {2, 2};
      }
    };
    assertThatThrownBy(() -> eval.evaluate(bad)).hasMessageContaining("dup").hasMessageContaining("duplicates");
  }
}
