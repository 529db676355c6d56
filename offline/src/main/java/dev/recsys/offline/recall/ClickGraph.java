package dev.recsys.offline.recall;

import dev.recsys.offline.data.Interactions;
import java.util.Arrays;

/**
 * The user-item click graph the item-to-item builders work on: one edge per distinct (user, item)
 * pair with a positive (label 1) training interaction, repeats collapsed, the edge's time being
 * the pair's latest click. Both adjacency lists are kept in compressed form: {@code items(u)} of a
 * user ascending by item index, {@code users(i)} of an item ascending by user index.
 *
 * <p>Two caps bound the cost of the quadratic builders, each keeping the most recent entries (ties
 * in time go to the smaller index, so the result is deterministic):
 * <ul>
 *   <li>{@code maxItemsPerUser} prunes the graph: each user keeps their most recent items, and both
 *       sides are built from the edges that remain, so every degree refers to the same graph.
 *   <li>{@code maxUsersPerItem} prunes nothing. It picks, per item, the {@link #sampleStart sample}
 *       of its most recent users that a builder may enumerate pairs over, while intersections and
 *       degrees still see the whole (user-pruned) graph. Pruning edges instead would also remove
 *       popular items from their users' item sets and so bias the similarities against exactly
 *       the items most users click.
 * </ul>
 *
 * <p>Immutable and thread-safe; accessors hand out the backing arrays, which must not be modified.
 */
final class ClickGraph {

  /** A cap that never binds. */
  static final int UNLIMITED = Integer.MAX_VALUE;

  private final int numUsers;
  private final int numItems;
  private final int[] userStart;
  private final int[] userItems;
  private final int[] itemStart;
  private final int[] itemUsers;
  private final int[] sampleStart;
  private final int[] sampleUsers;
  /** Latest click time of each {@link #userItems} entry, parallel to it. */
  private final long[] userItemTimes;

  private ClickGraph(int numUsers, int numItems, int[] userStart, int[] userItems, int[] itemStart,
      int[] itemUsers, int[] sampleStart, int[] sampleUsers, long[] userItemTimes) {
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.userStart = userStart;
    this.userItems = userItems;
    this.itemStart = itemStart;
    this.itemUsers = itemUsers;
    this.sampleStart = sampleStart;
    this.sampleUsers = sampleUsers;
    this.userItemTimes = userItemTimes;
  }

  /**
   * @throws IllegalArgumentException when an interaction's user or item row is outside
   *     {@code [0, numUsers)} or {@code [0, numItems)}
   */
  static ClickGraph of(Interactions train, int numUsers, int numItems, int maxItemsPerUser, int maxUsersPerItem) {
    if (maxItemsPerUser < 1 || maxUsersPerItem < 1) {
      throw new IllegalArgumentException("caps must be >= 1, got maxItemsPerUser=" + maxItemsPerUser
          + ", maxUsersPerItem=" + maxUsersPerItem);
    }
    // Positive rows bucketed by user (counting sort).
    int[] posStart = new int[numUsers + 1];
    for (int k = 0; k < train.size(); k++) {
      int u = train.users()[k];
      int i = train.items()[k];
      if (u < 0 || u >= numUsers || i < 0 || i >= numItems) {
        throw new IllegalArgumentException("training interaction " + k + " has user row " + u + " and item row " + i
            + "; the dataset has " + numUsers + " users and " + numItems + " items");
      }
      if (train.labels()[k] == 1) {
        posStart[u + 1]++;
      }
    }
    for (int u = 0; u < numUsers; u++) {
      posStart[u + 1] += posStart[u];
    }
    int[] posRows = new int[posStart[numUsers]];
    int[] fill = Arrays.copyOf(posStart, numUsers);
    for (int k = 0; k < train.size(); k++) {
      if (train.labels()[k] == 1) {
        posRows[fill[train.users()[k]]++] = k;
      }
    }

    // Per user: distinct items with their latest click time, then the per-user cap.
    int[][] itemsOf = new int[numUsers][];
    long[][] timesOf = new long[numUsers][];
    int[] itemDegree = new int[numItems];
    for (int u = 0; u < numUsers; u++) {
      int from = posStart[u];
      int n = posStart[u + 1] - from;
      long[] keys = new long[n];
      for (int r = 0; r < n; r++) {
        // item in the high half, position in the low half: sorts by item, then keeps the row.
        keys[r] = ((long) train.items()[posRows[from + r]] << 32) | r;
      }
      Arrays.sort(keys);
      int[] items = new int[n];
      long[] times = new long[n];
      int d = 0;
      for (int r = 0; r < n; r++) {
        int item = (int) (keys[r] >>> 32);
        long t = train.timestamps()[posRows[from + (int) keys[r]]];
        if (d > 0 && items[d - 1] == item) {
          times[d - 1] = Math.max(times[d - 1], t);
        } else {
          items[d] = item;
          times[d++] = t;
        }
      }
      int keep = mostRecent(items, times, d, maxItemsPerUser);
      itemsOf[u] = Arrays.copyOf(items, keep);
      timesOf[u] = Arrays.copyOf(times, keep);
      for (int r = 0; r < keep; r++) {
        itemDegree[itemsOf[u][r]]++;
      }
    }

    int[] userStart = new int[numUsers + 1];
    for (int u = 0; u < numUsers; u++) {
      userStart[u + 1] = userStart[u] + itemsOf[u].length;
    }
    int[] userItems = new int[userStart[numUsers]];
    long[] userItemTimes = new long[userStart[numUsers]];
    for (int u = 0; u < numUsers; u++) {
      System.arraycopy(itemsOf[u], 0, userItems, userStart[u], itemsOf[u].length);
      System.arraycopy(timesOf[u], 0, userItemTimes, userStart[u], timesOf[u].length);
    }

    // Item side, users ascending because u ascends.
    int[] itemStart = new int[numItems + 1];
    for (int i = 0; i < numItems; i++) {
      itemStart[i + 1] = itemStart[i] + itemDegree[i];
    }
    int[] itemUsers = new int[itemStart[numItems]];
    long[] itemTimes = new long[itemStart[numItems]];
    int[] at = Arrays.copyOf(itemStart, numItems);
    for (int u = 0; u < numUsers; u++) {
      for (int r = 0; r < itemsOf[u].length; r++) {
        int i = itemsOf[u][r];
        itemUsers[at[i]] = u;
        itemTimes[at[i]++] = timesOf[u][r];
      }
    }

    // Per-item samples; when no item is over the cap the sample is the item side itself.
    boolean anyOver = false;
    for (int i = 0; i < numItems && !anyOver; i++) {
      anyOver = itemDegree[i] > maxUsersPerItem;
    }
    if (!anyOver) {
      return new ClickGraph(numUsers, numItems, userStart, userItems, itemStart, itemUsers, itemStart, itemUsers, userItemTimes);
    }
    int[] sampleStart = new int[numItems + 1];
    for (int i = 0; i < numItems; i++) {
      sampleStart[i + 1] = sampleStart[i] + Math.min(itemDegree[i], maxUsersPerItem);
    }
    int[] sampleUsers = new int[sampleStart[numItems]];
    for (int i = 0; i < numItems; i++) {
      int[] users = Arrays.copyOfRange(itemUsers, itemStart[i], itemStart[i + 1]);
      long[] times = Arrays.copyOfRange(itemTimes, itemStart[i], itemStart[i + 1]);
      int keep = mostRecent(users, times, users.length, maxUsersPerItem);
      System.arraycopy(users, 0, sampleUsers, sampleStart[i], keep);
    }
    return new ClickGraph(numUsers, numItems, userStart, userItems, itemStart, itemUsers, sampleStart, sampleUsers, userItemTimes);
  }

  /**
   * Moves the {@code cap} most recent of the first {@code n} ids (ties: smaller id first) to the
   * front of both arrays, ascending by id, and returns how many were kept. Expects ids ascending.
   */
  private static int mostRecent(int[] ids, long[] times, int n, int cap) {
    if (n <= cap) {
      return n;
    }
    // Only lists over the cap get here, which is rare enough that boxing does not matter.
    Integer[] order = new Integer[n];
    for (int r = 0; r < n; r++) {
      order[r] = r;
    }
    Arrays.sort(order, (a, b) -> times[a] != times[b] ? Long.compare(times[b], times[a]) : Integer.compare(ids[a], ids[b]));
    int[] keptPos = new int[cap];
    for (int r = 0; r < cap; r++) {
      keptPos[r] = order[r];
    }
    Arrays.sort(keptPos); // positions ascend as ids do
    for (int r = 0; r < cap; r++) {
      ids[r] = ids[keptPos[r]];
      times[r] = times[keptPos[r]];
    }
    return cap;
  }

  int numUsers() {
    return numUsers;
  }

  int numItems() {
    return numItems;
  }

  int userDegree(int user) {
    return userStart[user + 1] - userStart[user];
  }

  int itemDegree(int item) {
    return itemStart[item + 1] - itemStart[item];
  }

  /** Backing array of every user's items; a user's slice is {@code [userStart(u), userStart(u+1))}. */
  int[] userItems() {
    return userItems;
  }

  /** Latest click time of each {@link #userItems()} entry. */
  long[] userItemTimes() {
    return userItemTimes;
  }

  int userStart(int user) {
    return userStart[user];
  }

  /** Backing array of every item's users; an item's slice is {@code [itemStart(i), itemStart(i+1))}. */
  int[] itemUsers() {
    return itemUsers;
  }

  int itemStart(int item) {
    return itemStart[item];
  }

  /**
   * Backing array of every item's sampled users (at most {@code maxUsersPerItem} per item, its most
   * recent, ascending by user); an item's slice is {@code [sampleStart(i), sampleStart(i+1))}.
   */
  int[] sampleUsers() {
    return sampleUsers;
  }

  int sampleStart(int item) {
    return sampleStart[item];
  }

  int sampleSize(int item) {
    return sampleStart[item + 1] - sampleStart[item];
  }

  /** Edges that survived pruning. */
  int edges() {
    return userItems.length;
  }
}
