package dev.recsys.offline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {

  private static final List<String> FILES = List.of("users.csv", "items.csv", "interactions.csv", "dataset.json");

  @Test
  void sameSeedWritesIdenticalBytesAndADifferentSeedDiffers(@TempDir Path tmp) throws Exception {
    new SyntheticGenerator(Size.SMALL, 7).writeTo(tmp.resolve("a"));
    new SyntheticGenerator(Size.SMALL, 7).writeTo(tmp.resolve("b"));
    new SyntheticGenerator(Size.SMALL, 8).writeTo(tmp.resolve("c"));
    for (String f : FILES) {
      assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f)))
          .as(f).isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
    }
    assertThat(Files.readAllBytes(tmp.resolve("c").resolve("interactions.csv")))
        .isNotEqualTo(Files.readAllBytes(tmp.resolve("a").resolve("interactions.csv")));
  }

  @Test
  void smallHasItsSizeAPlausiblePositiveRateAndReadsBack(@TempDir Path tmp) {
    Dataset written = new SyntheticGenerator(Size.SMALL, 42).writeTo(tmp);
    Dataset read = DatasetFiles.read(tmp);
    assertThat(read.users().size()).isEqualTo(300);
    assertThat(read.items().size()).isEqualTo(200);
    assertThat(read.interactions().size()).isEqualTo(20_000);
    double rate = read.interactions().positives() / 20_000.0;
    assertThat(rate).isBetween(0.2, 0.4);
    assertThat(read.interactions().labels()).isEqualTo(written.interactions().labels());
    assertThat(read.interactions().timestamps()).isEqualTo(written.interactions().timestamps());
    assertThat(read.interactions().timestamps()).isSorted();
    assertThat(java.util.Arrays.stream(read.users().ages()).boxed().toList())
        .allMatch(a -> List.of(1, 18, 25, 35, 45, 50, 56).contains(a));
    assertThat(read.users().occupations()).containsOnly(java.util.stream.IntStream.rangeClosed(0, 20).toArray());
    assertThat(read.items().categories()).allMatch(c -> List.of(SyntheticGenerator.GENRES).contains(c));
    DatasetInfo info = DatasetInfo.read(DatasetFiles.info(tmp));
    assertThat(info.synthetic()).isTrue();
    assertThat(info.seed()).isEqualTo(42L);
    assertThat(info.size()).isEqualTo("small");
    assertThat(info.positives()).isEqualTo(read.interactions().positives());
  }

  @Test
  void defaultSizeIsMovieLensShapedAndSkewed() {
    SyntheticGenerator g = new SyntheticGenerator(Size.DEFAULT, 1);
    Dataset d = g.generate();
    assertThat(d.users().size()).isEqualTo(6040);
    assertThat(d.items().size()).isEqualTo(3700);
    assertThat(d.interactions().size()).isEqualTo(1_000_000);
    assertThat(d.interactions().positives() / 1e6).isBetween(0.2, 0.4);
    // Zipf-like exposure: the busiest 1% of items get far more than 1% of the exposures.
    int[] counts = new int[d.items().size()];
    for (int i : d.interactions().items()) {
      counts[i]++;
    }
    java.util.Arrays.sort(counts);
    long top = 0;
    for (int k = counts.length - 37; k < counts.length; k++) {
      top += counts[k];
    }
    assertThat(top / 1e6).isGreaterThan(0.1);
  }

  @Test
  void groundTruthIsInformativeAndReproducibleFromSeedAndSize() {
    SyntheticGenerator g = new SyntheticGenerator(Size.SMALL, 42);
    Dataset d = g.generate();
    assertThat(g.bayesOptimalAuc(d.users(), d.items(), d.interactions())).isGreaterThan(0.7);

    SyntheticGenerator again = new SyntheticGenerator(Size.SMALL, 42);
    Interactions in = d.interactions();
    double[] p = g.trueProbabilities(d.users(), d.items(), in);
    for (int k = 0; k < 100; k++) {
      String user = d.users().ids()[in.users()[k]];
      String item = d.items().ids()[in.items()[k]];
      assertThat(again.clickProbability(user, item, in.timestamps()[k])).isEqualTo(p[k]).isBetween(0.0, 1.0);
    }
    // Calibration: the mean of p_true matches the observed positive rate.
    double mean = java.util.Arrays.stream(p).average().orElseThrow();
    assertThat(mean).isCloseTo(in.positives() / (double) in.size(), org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void driftMakesRecentItemsMoreAppealingLaterOn() {
    SyntheticGenerator g = new SyntheticGenerator(Size.SMALL, 3);
    Items items = g.items();
    String recent = null;
    for (int i = 0; i < items.size() && recent == null; i++) {
      if (items.years()[i] == 2000) {
        recent = items.ids()[i];
      }
    }
    assertThat(recent).isNotNull();
    double early = g.clickProbability("1", recent, SyntheticGenerator.START);
    double late = g.clickProbability("1", recent, SyntheticGenerator.START + SyntheticGenerator.SPAN);
    assertThat(late).isGreaterThan(early);
  }

  @Test
  void unknownIdsAreRejected() {
    SyntheticGenerator g = new SyntheticGenerator(Size.SMALL, 42);
    assertThatThrownBy(() -> g.clickProbability("999999", "1", SyntheticGenerator.START))
        .hasMessageContaining("unknown user '999999'");
  }
}
