package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link CandidateSource} contract, run against every source on the SMALL synthetic split. */
class CandidateSourceContractTest {

  private static final Clicks.Split SMALL = Clicks.small();

  static List<CandidateSource> sources() {
    UserHistory h = SMALL.history();
    PopularSource popular = new PopularSource(SMALL.train(), SMALL.items(), h);
    I2iTable itemCf = ItemCf.build(SMALL.train(), SMALL.users(), SMALL.items(), ItemCf.Params.defaults());
    I2iTable swing = Swing.build(SMALL.train(), SMALL.users(), SMALL.items(), Swing.Params.defaults());
    return List.of(popular, new I2iSource(ItemCf.NAME, itemCf, h, popular),
        new I2iSource(Swing.NAME, swing, h, popular));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void everyUserGetsKDistinctNewItemsBestFirst(CandidateSource source) {
    UserHistory h = SMALL.history();
    for (int u = 0; u < SMALL.users(); u++) {
      int[] top = source.topK(u, 50);
      int outside = SMALL.items() - h.seen(u).length;
      assertThat(top).as("%s for user %d", source.name(), u).hasSize(Math.min(50, outside)).doesNotHaveDuplicates();
      for (int item : top) {
        assertThat(item).isBetween(0, SMALL.items() - 1);
        assertThat(h.hasSeen(u, item)).as("%s returned history item %d to user %d", source.name(), item, u).isFalse();
      }
      assertThat(source.topK(u, 10)).containsExactly(Arrays.copyOf(top, Math.min(10, top.length)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void concurrentCallsAnswerAsSequentialOnes(CandidateSource source) {
    int[][] sequential = IntStream.range(0, SMALL.users()).mapToObj(u -> source.topK(u, 50)).toArray(int[][]::new);
    for (int round = 0; round < 3; round++) {
      int[][] parallel = IntStream.range(0, SMALL.users()).parallel().mapToObj(u -> source.topK(u, 50))
          .toArray(int[][]::new);
      assertThat(parallel).isDeepEqualTo(sequential);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void namesAreStable(CandidateSource source) {
    assertThat(source.name()).isIn("popular", "itemcf", "swing");
  }
}
