package dev.recsys.offline.twotower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.recall.UserHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CandidateSource contract, and that the heap top-K equals a full sort by inner product. */
class TwoTowerSourceTest {

  private static TwoTowerModel model;
  private static TwoTowerSource source;

  @BeforeAll
  static void train() {
    model = SmallData.quickModel();
    source = TwoTowerSource.of(model, SmallData.HISTORY);
  }

  @Test
  void topKIsTheExactInnerProductRankingMinusHistory() {
    float[] items = model.itemEmbeddings();
    int d = model.dim();
    for (int u = 0; u < model.numUsers(); u += 7) {
      float[] uv = source.userVector(u);
      UserHistory h = SmallData.HISTORY;
      int user = u;
      int[] expected = IntStream.range(0, model.numItems()).filter(i -> !h.hasSeen(user, i)).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> -dot(uv, items, i * d, d)).thenComparingInt(i -> i))
          .limit(50).mapToInt(Integer::intValue).toArray();
      assertThat(source.topK(u, 50)).as("user %d", u).containsExactly(expected);
    }
  }

  @Test
  void answersFollowTheCandidateSourceContract() {
    assertThat(source.name()).isEqualTo("twotower");
    for (int u = 0; u < model.numUsers(); u++) {
      int[] top = source.topK(u, 50);
      int unseen = model.numItems() - SmallData.HISTORY.seen(u).length;
      assertThat(top).hasSize(Math.min(50, unseen)).doesNotHaveDuplicates();
      for (int i : top) {
        assertThat(SmallData.HISTORY.hasSeen(u, i)).isFalse();
      }
    }
    assertThat(source.topK(0, 0)).isEmpty();
    assertThat(source.topK(0, 10_000)).hasSize(model.numItems() - SmallData.HISTORY.seen(0).length);
  }

  @Test
  void usersWithoutHistoryGetAnAnswerFromTheirDemographics() {
    // An empty training set: nobody has history, so every user is represented by the OOV row.
    Interactions none = new Interactions(new int[0], new int[0], new long[0], new byte[0], new byte[0]);
    UserHistory empty = UserHistory.of(none, model.numUsers());
    TwoTowerSource cold = TwoTowerSource.of(model, empty);
    int[] a = cold.topK(0, 20);
    assertThat(a).hasSize(20).doesNotHaveDuplicates();
    // Users with different demographics get different vectors even without id or history.
    int other = IntStream.range(0, model.numUsers())
        .filter(u -> model.userGender(u) != model.userGender(0) && model.userAge(u) != model.userAge(0))
        .findFirst().orElseThrow();
    assertThat(cold.userVector(other)).isNotEqualTo(cold.userVector(0));
  }

  @Test
  void concurrentCallsGiveTheSequentialAnswers() throws Exception {
    int n = model.numUsers();
    int[][] sequential = new int[n][];
    for (int u = 0; u < n; u++) {
      sequential[u] = source.topK(u, 50);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> futures = new ArrayList<>();
      for (int u = 0; u < n; u++) {
        int user = u;
        futures.add(pool.submit(() -> source.topK(user, 50)));
      }
      for (int u = 0; u < n; u++) {
        assertThat(futures.get(u).get()).as("user %d", u).isEqualTo(sequential[u]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static double dot(float[] u, float[] items, int off, int d) {
    float s = 0;
    for (int k = 0; k < d; k++) {
      s += u[k] * items[off + k];
    }
    return s;
  }

  @Test
  void rejectsVectorsThatDoNotMatchTheHistory() {
    float[] oneUser = new float[model.dim()];
    assertThatThrownBy(() -> new TwoTowerSource(oneUser, model.itemEmbeddings(), model.dim(), SmallData.HISTORY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 user vectors for a history of 300 users");
  }
}
