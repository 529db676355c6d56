package dev.recsys.offline.recall;

import dev.recsys.offline.data.Interactions;
import java.util.Arrays;

/**
 * Per user, the distinct items of the training interactions (any label: an item the user was
 * shown is not "new" to them), sorted ascending for binary search; and separately the items the
 * user engaged with (label 1), in time order, which is what the item-to-item sources expand.
 */
public final class UserHistory {

  private final int[][] seen;
  private final int[][] positives;

  private UserHistory(int[][] seen, int[][] positives) {
    this.seen = seen;
    this.positives = positives;
  }

  public static UserHistory of(Interactions train, int numUsers) {
    int[] seenCount = new int[numUsers];
    int[] posCount = new int[numUsers];
    for (int k = 0; k < train.size(); k++) {
      seenCount[train.users()[k]]++;
      posCount[train.users()[k]] += train.labels()[k];
    }
    int[][] seen = new int[numUsers][];
    int[][] pos = new int[numUsers][];
    long[][] posTime = new long[numUsers][];
    for (int u = 0; u < numUsers; u++) {
      seen[u] = new int[seenCount[u]];
      pos[u] = new int[posCount[u]];
      posTime[u] = new long[posCount[u]];
    }
    int[] s = new int[numUsers];
    int[] p = new int[numUsers];
    for (int k = 0; k < train.size(); k++) {
      int u = train.users()[k];
      seen[u][s[u]++] = train.items()[k];
      if (train.labels()[k] == 1) {
        posTime[u][p[u]] = train.timestamps()[k];
        pos[u][p[u]++] = train.items()[k];
      }
    }
    for (int u = 0; u < numUsers; u++) {
      seen[u] = Arrays.stream(seen[u]).sorted().distinct().toArray();
      pos[u] = byTime(pos[u], posTime[u]);
    }
    return new UserHistory(seen, pos);
  }

  private static int[] byTime(int[] items, long[] times) {
    Integer[] order = new Integer[items.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[a], times[b]) : Integer.compare(a, b));
    int[] out = new int[items.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = items[order[i]];
    }
    return out;
  }

  public int users() {
    return seen.length;
  }

  /** Distinct items the user interacted with in training, ascending. Do not modify. */
  public int[] seen(int user) {
    return seen[user];
  }

  public boolean hasSeen(int user, int item) {
    return Arrays.binarySearch(seen[user], item) >= 0;
  }

  /** Items the user engaged with (label 1) in training, oldest first, repeats kept. Do not modify. */
  public int[] positives(int user) {
    return positives[user];
  }
}
