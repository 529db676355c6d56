package dev.recsys.offline.twotower;

import dev.recsys.offline.data.Items;
import dev.recsys.offline.data.Users;
import dev.recsys.transform.Bucketize;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * How raw user and item attributes become the towers' integer ids. The user side is part of the
 * exported ONNX contract (a caller of the user tower encodes with these rules); the item side
 * only matters offline, because item vectors are exported precomputed.
 *
 * <ul>
 *   <li>gender: 0 unknown, 1 "M", 2 "F" (case-insensitive) — {@value #GENDER_VOCAB} ids
 *   <li>age: {@link #AGE_BANDS} bucket, 0 unknown, 1 = under 18, ..., 7 = 56 and over
 *   <li>occupation: code + 1 for codes 0..{@value #OCCUPATION_VOCAB}-2, 0 for unknown or out of range
 *   <li>item category: 1 + index in the model's sorted category list, 0 unknown
 *   <li>item year: {@link #YEAR_BANDS} bucket, 0 unknown
 * </ul>
 */
public final class TwoTowerFeatures {

  public static final int GENDER_VOCAB = 3;
  public static final Bucketize AGE_BANDS = new Bucketize(new double[] {18, 25, 35, 45, 50, 56});
  public static final int OCCUPATION_VOCAB = 32;
  /** Finer near 2000, where the synthetic data's recency effect and most MovieLens titles are. */
  public static final Bucketize YEAR_BANDS = new Bucketize(new double[] {
      1930, 1950, 1960, 1970, 1980, 1985, 1990, 1993, 1995, 1996, 1997, 1998, 1999, 2000});

  private TwoTowerFeatures() {}

  public static int gender(String g) {
    if (g == null) {
      return 0;
    }
    return switch (g.strip().toUpperCase(Locale.ROOT)) {
      case "M" -> 1;
      case "F" -> 2;
      default -> 0;
    };
  }

  public static int age(int age) {
    return AGE_BANDS.apply(age == Users.MISSING ? Double.NaN : age);
  }

  public static int occupation(int code) {
    return code >= 0 && code < OCCUPATION_VOCAB - 1 ? code + 1 : 0;
  }

  public static int year(int year) {
    return YEAR_BANDS.apply(year == Users.MISSING ? Double.NaN : year);
  }

  /** The distinct non-empty categories of {@code items}, sorted; category id = 1 + index here. */
  public static String[] categories(Items items) {
    TreeSet<String> set = new TreeSet<>();
    for (String c : items.categories()) {
      if (c != null && !c.isBlank()) {
        set.add(c.strip());
      }
    }
    return set.toArray(new String[0]);
  }

  public static int category(String[] sortedCategories, String c) {
    if (c == null) {
      return 0;
    }
    int i = Arrays.binarySearch(sortedCategories, c.strip());
    return i >= 0 ? i + 1 : 0;
  }
}
