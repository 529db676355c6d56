package dev.recsys.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyNormalizeCrossTest {

  @Test
  void vocabularyOrdersByCountThenTokenAndReservesZeroForOov() {
    Vocabulary.Counter c = Vocabulary.counter();
    for (String t : new String[] {"b", "a", "c", "b", "a", "b", "d", null}) {
      c.add(t);
    }
    Vocabulary v = c.build(1, 100);
    assertThat(v.tokens()).containsExactly("b", "a", "c", "d");
    assertThat(v.index("b")).isEqualTo(1);
    assertThat(v.index("a")).isEqualTo(2);
    assertThat(v.index("zzz")).isEqualTo(Vocabulary.OOV);
    assertThat(v.index(null)).isEqualTo(Vocabulary.OOV);
    assertThat(v.size()).isEqualTo(5);
    assertThat(v.token(0)).isNull();
    assertThat(v.token(3)).isEqualTo("c");

    assertThat(c.build(2, 100).tokens()).containsExactly("b", "a");
    assertThat(c.build(1, 1).tokens()).containsExactly("b");
  }

  @Test
  void vocabularySerialisedFormRebuildsTheSameLookup() {
    Vocabulary v = Vocabulary.counter().add("x").add("y").add("y").build(1, 10);
    Vocabulary back = Vocabulary.of(v.tokens());
    assertThat(back).isEqualTo(v);
    assertThat(back.fingerprint()).isEqualTo(v.fingerprint());
    assertThat(Vocabulary.of(List.of("x", "y")).fingerprint()).isNotEqualTo(v.fingerprint());
    assertThatThrownBy(() -> Vocabulary.of(List.of("a", "b", "a")))
        .hasMessageContaining("'a' appears twice (indices 1 and 3)");
  }

  @Test
  void normalizeStandardisesAndMapsMissingToTheMean() {
    Normalize z = Normalize.fit(Normalize.Kind.ZSCORE, new double[] {1, 2, 3, Double.NaN});
    assertThat(z.mean()).isEqualTo(2.0);
    assertThat(z.std()).isEqualTo(Math.sqrt(2.0 / 3));
    assertThat(z.apply(2)).isEqualTo(0f);
    assertThat(z.apply(3)).isEqualTo((float) (1 / Math.sqrt(2.0 / 3)));
    assertThat(z.apply(Double.NaN)).isEqualTo(0f);

    Normalize log = Normalize.fit(Normalize.Kind.LOG1P_ZSCORE, new double[] {0, Math.E - 1});
    assertThat(log.mean()).isEqualTo(0.5);
    assertThat(log.apply(Math.E - 1)).isEqualTo(1f);
    assertThat(log.apply(-5)).isEqualTo(-1f); // negative counts clamp to 0

    assertThat(Normalize.fit(Normalize.Kind.ZSCORE, new double[] {4, 4}).std()).isEqualTo(1.0);
    assertThat(Normalize.fit(Normalize.Kind.ZSCORE, new double[0])).isEqualTo(new Normalize(Normalize.Kind.ZSCORE, 0, 1));
    assertThatThrownBy(() -> new Normalize(Normalize.Kind.ZSCORE, 0, 0)).hasMessageContaining("std > 0");
    assertThatThrownBy(() -> Normalize.Kind.parse("minmax")).hasMessageContaining("expected zscore or log1p_zscore");
  }

  @Test
  void crossKeepsZeroForMissingAndSpreadsPairs() {
    HashCross cross = new HashCross(1000);
    assertThat(cross.apply(null, "x")).isZero();
    assertThat(cross.apply(0, 5)).isZero();
    assertThat(cross.apply(5, 0)).isZero();
    int[] seen = new int[1000];
    for (int a = 1; a <= 50; a++) {
      for (int b = 1; b <= 20; b++) {
        int bucket = cross.apply(a, b);
        assertThat(bucket).isBetween(1, 999);
        seen[bucket]++;
      }
    }
    long used = java.util.Arrays.stream(seen).filter(x -> x > 0).count();
    assertThat(used).isGreaterThan(550); // 1000 pairs into 999 buckets: ~63% distinct expected
    assertThat(cross.apply(3, 7)).isNotEqualTo(cross.apply(7, 3));
    assertThat(cross.apply("M", "Drama")).isEqualTo(cross.apply("M", "Drama")).isBetween(1, 999);
    assertThatThrownBy(() -> new HashCross(1)).hasMessageContaining(">= 2 buckets");
  }

  @Test
  void quantileBucketsSplitEvenlyAndDropDuplicates() {
    double[] v = new double[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Bucketize b = Bucketize.quantiles(v, 4);
    assertThat(b.boundaries()).containsExactly(24.0, 49.0, 74.0);
    assertThat(b.apply(0)).isEqualTo(1);
    assertThat(b.apply(99)).isEqualTo(4);
    assertThat(Bucketize.quantiles(new double[] {1, 1, 1, Double.NaN}, 4).boundaries()).containsExactly(1.0);
    assertThat(Bucketize.quantiles(new double[0], 4).boundaries()).isEmpty();
  }
}
