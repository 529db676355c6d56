package dev.recsys.offline.data;

import java.util.HashMap;
import java.util.Map;

/**
 * The user table, column-wise. {@code genders[i]} is "M", "F" or null when unknown; ages and
 * occupations use {@link #MISSING} when unknown.
 */
public record Users(String[] ids, String[] genders, int[] ages, int[] occupations) {

  public static final int MISSING = Integer.MIN_VALUE;

  public Users {
    int n = ids.length;
    if (genders.length != n || ages.length != n || occupations.length != n) {
      throw new IllegalArgumentException("user columns differ in length");
    }
  }

  public int size() {
    return ids.length;
  }

  /** Id to row index; built per call, so callers keep the map rather than call this per row. */
  public Map<String, Integer> index() {
    return indexOf(ids);
  }

  static Map<String, Integer> indexOf(String[] ids) {
    Map<String, Integer> index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (index.put(ids[i], i) != null) {
        throw new IllegalArgumentException("duplicate id '" + ids[i] + "'");
      }
    }
    return index;
  }
}
