package dev.recsys.offline.recall;

import dev.recsys.offline.data.Dataset;
import dev.recsys.offline.data.Interactions;
import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import java.util.ArrayList;
import java.util.List;

/** Small interaction logs for the item-to-item tests. */
final class Clicks {

  private final List<long[]> rows = new ArrayList<>();

  /** Positive clicks: {@code userItems[u]} are user u's items, timestamps increasing in that order. */
  static Interactions of(int[][] userItems) {
    Clicks c = new Clicks();
    long t = 1;
    for (int u = 0; u < userItems.length; u++) {
      for (int i : userItems[u]) {
        c.add(u, i, t++, 1);
      }
    }
    return c.build();
  }

  Clicks add(int user, int item, long time, int label) {
    rows.add(new long[] {user, item, time, label});
    return this;
  }

  Interactions build() {
    int n = rows.size();
    int[] u = new int[n];
    int[] i = new int[n];
    long[] t = new long[n];
    byte[] l = new byte[n];
    for (int k = 0; k < n; k++) {
      long[] r = rows.get(k);
      u[k] = (int) r[0];
      i[k] = (int) r[1];
      t[k] = r[2];
      l[k] = (byte) r[3];
    }
    return new Interactions(u, i, t, new byte[n], l);
  }

  /** Items with ids "10", "11", ... */
  static Items items(int n) {
    String[] ids = new String[n];
    String[] titles = new String[n];
    String[] cats = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Integer.toString(10 + i);
      titles[i] = "t" + i;
      cats[i] = "c";
    }
    return new Items(ids, titles, cats, new int[n]);
  }

  /** The SMALL synthetic dataset (seed 42), split in time: what the quality and contract tests use. */
  record Split(Dataset data, Interactions train, Interactions test, UserHistory history) {
    int users() {
      return data.users().size();
    }

    int items() {
      return data.items().size();
    }
  }

  static Split small() {
    Dataset d = new SyntheticGenerator(Size.SMALL, 42).generate();
    TemporalSplit.Result r = TemporalSplit.split(d.interactions());
    Interactions train = d.interactions().select(r.trainRows());
    return new Split(d, train, d.interactions().select(r.testRows()), UserHistory.of(train, d.users().size()));
  }
}
