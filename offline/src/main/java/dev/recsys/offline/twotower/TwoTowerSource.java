package dev.recsys.offline.twotower;

import dev.recsys.offline.recall.CandidateSource;
import dev.recsys.offline.recall.UserHistory;
import java.util.Arrays;

/**
 * Two-tower recall by exact (brute-force) maximum inner product: the user's vector against every
 * item vector, the user's training history skipped, the top K by score (ties by lower item
 * index). This is the exact answer an ANN index over the same item vectors is measured against.
 *
 * <p>Users without history: the user tower still runs, from the OOV user id row, demographics
 * and an empty (all-padding) history, so they get a demographic-aware answer rather than a
 * fallback; a user the tables do not know has no row here at all (the online path feeds the
 * OOV id to the exported tower).
 *
 * <p>User vectors are computed once, at construction, for every user of the model's table.
 * Immutable and thread-safe.
 */
public final class TwoTowerSource implements CandidateSource {

  public static final String NAME = "twotower";

  private final float[] userVectors;
  private final float[] itemVectors;
  private final int dim;
  private final int numItems;
  private final UserHistory history;

  /**
   * @param userVectors row-major [users][dim], row u for user u
   * @param itemVectors row-major [items][dim], row i for item i
   */
  public TwoTowerSource(float[] userVectors, float[] itemVectors, int dim, UserHistory history) {
    if (userVectors.length % dim != 0 || itemVectors.length % dim != 0) {
      throw new IllegalArgumentException("vector arrays of " + userVectors.length + " and " + itemVectors.length
          + " floats are not whole rows of dim " + dim);
    }
    if (userVectors.length / dim != history.users()) {
      throw new IllegalArgumentException(userVectors.length / dim + " user vectors for a history of "
          + history.users() + " users");
    }
    this.userVectors = userVectors;
    this.itemVectors = itemVectors;
    this.dim = dim;
    this.numItems = itemVectors.length / dim;
    this.history = history;
  }

  /** Runs both towers over every user and item of {@code model}'s tables. */
  public static TwoTowerSource of(TwoTowerModel model, UserHistory history) {
    int[] users = new int[model.numUsers()];
    for (int u = 0; u < users.length; u++) {
      users[u] = u;
    }
    return new TwoTowerSource(model.userEmbeddings(model.encode(users, history)), model.itemEmbeddings(),
        model.dim(), history);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Vector of user {@code user}, a copy. */
  public float[] userVector(int user) {
    return Arrays.copyOfRange(userVectors, user * dim, (user + 1) * dim);
  }

  @Override
  public int[] topK(int user, int k) {
    if (k <= 0) {
      return new int[0];
    }
    int[] seen = history.seen(user);
    int cap = Math.min(k, numItems);
    // A min-heap of the best `cap` so far; the root is the weakest kept candidate.
    float[] hs = new float[cap];
    int[] hi = new int[cap];
    int size = 0;
    int uo = user * dim;
    int next = 0;
    for (int i = 0; i < numItems; i++) {
      // seen is sorted ascending: walk it alongside the items instead of a binary search per item.
      while (next < seen.length && seen[next] < i) {
        next++;
      }
      if (next < seen.length && seen[next] == i) {
        continue;
      }
      float s = 0;
      int io = i * dim;
      for (int d = 0; d < dim; d++) {
        s += userVectors[uo + d] * itemVectors[io + d];
      }
      if (size < cap) {
        hs[size] = s;
        hi[size] = i;
        siftUp(hs, hi, size++);
      } else if (better(s, i, hs[0], hi[0])) {
        hs[0] = s;
        hi[0] = i;
        siftDown(hs, hi, size);
      }
    }
    int[] out = new int[size];
    for (int r = size - 1; r >= 0; r--) {
      out[r] = hi[0];
      hs[0] = hs[r];
      hi[0] = hi[r];
      siftDown(hs, hi, r);
    }
    return out;
  }

  /** Higher score first; equal scores: lower item index first. */
  private static boolean better(float s, int i, float t, int j) {
    return s > t || (s == t && i < j);
  }

  private static void siftUp(float[] hs, int[] hi, int pos) {
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!better(hs[parent], hi[parent], hs[pos], hi[pos])) {
        break;
      }
      swap(hs, hi, parent, pos);
      pos = parent;
    }
  }

  private static void siftDown(float[] hs, int[] hi, int size) {
    int pos = 0;
    while (true) {
      int l = 2 * pos + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && better(hs[l], hi[l], hs[r], hi[r])) {
        worst = r;
      }
      if (!better(hs[pos], hi[pos], hs[worst], hi[worst])) {
        return;
      }
      swap(hs, hi, pos, worst);
      pos = worst;
    }
  }

  private static void swap(float[] hs, int[] hi, int a, int b) {
    float ts = hs[a];
    hs[a] = hs[b];
    hs[b] = ts;
    int ti = hi[a];
    hi[a] = hi[b];
    hi[b] = ti;
  }
}
