package dev.recsys.offline.data;

import java.util.Map;

/**
 * The item table, column-wise. Titles never contain commas (the writers replace them), so the
 * CSV needs no quoting. {@code years[i]} is {@link Users#MISSING} when unknown.
 */
public record Items(String[] ids, String[] titles, String[] categories, int[] years) {

  public Items {
    int n = ids.length;
    if (titles.length != n || categories.length != n || years.length != n) {
      throw new IllegalArgumentException("item columns differ in length");
    }
  }

  public int size() {
    return ids.length;
  }

  public Map<String, Integer> index() {
    return Users.indexOf(ids);
  }
}
