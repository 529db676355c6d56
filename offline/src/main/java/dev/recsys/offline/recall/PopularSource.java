package dev.recsys.offline.recall;

import dev.recsys.offline.data.Interactions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The baseline every recall source is measured against: items by training positives, most first
 * (ties by item index), minus the user's history. Also the documented fallback of the other
 * sources for users without history.
 */
public final class PopularSource implements CandidateSource {

  private final int[] ranked;
  private final UserHistory history;

  public PopularSource(Interactions train, int numItems, UserHistory history) {
    long[] clicks = new long[numItems];
    for (int k = 0; k < train.size(); k++) {
      clicks[train.items()[k]] += train.labels()[k];
    }
    this.ranked = IntStream.range(0, numItems).boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> -clicks[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    this.history = history;
  }

  @Override
  public String name() {
    return "popular";
  }

  @Override
  public int[] topK(int user, int k) {
    int[] out = new int[Math.min(k, ranked.length)];
    int n = 0;
    for (int i = 0; i < ranked.length && n < out.length; i++) {
      if (!history.hasSeen(user, ranked[i])) {
        out[n++] = ranked[i];
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
