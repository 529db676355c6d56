package dev.recsys.offline.twotower;

import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;

/** Hand-made tables small enough to check every parameter by finite differences. */
final class Tiny {

  static final Users USERS = new Users(
      new String[] {"u1", "u2", "u3", "u4", "u5"},
      new String[] {"M", "F", null, "F", "M"},
      new int[] {25, 18, Users.MISSING, 56, 1},
      new int[] {3, 0, 20, Users.MISSING, 7});

  static final Items ITEMS = new Items(
      new String[] {"a", "b", "c", "d", "e", "f", "g"},
      new String[] {"A", "B", "C", "D", "E", "F", "G"},
      new String[] {"Drama", "Comedy", "Drama", "Action", "", "Comedy", "Action"},
      new int[] {1995, 1999, 1970, Users.MISSING, 2000, 1998, 1985});

  private Tiny() {}

  static TwoTowerConfig config(int hidden) {
    return new TwoTowerConfig(4, 3, 2, hidden, 3, 0.5, 1.0, 0.01, 0.0, 6, 1, 0.0, 0.0, 0.5, 1, 7);
  }
}
