package dev.recsys.offline.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomSplitTest {

  private static Interactions rows(int n) {
    int[] zeros = new int[n];
    long[] ts = new long[n];
    return new Interactions(zeros, zeros.clone(), ts, new byte[n], new byte[n]);
  }

  @Test
  void everyRowLandsInExactlyOneHalfNearTheRequestedShareAndSeedDecides() {
    TemporalSplit.Result r = RandomSplit.split(rows(20_000), 10, 7);
    int[] all = IntStream.concat(IntStream.of(r.trainRows()), IntStream.of(r.testRows())).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 20_000).toArray());
    assertThat(r.testRows().length).isBetween(1_800, 2_200);
    TemporalSplit.Result again = RandomSplit.split(rows(20_000), 10, 7);
    assertThat(again.testRows()).isEqualTo(r.testRows());
    assertThat(RandomSplit.split(rows(20_000), 10, 8).testRows()).isNotEqualTo(r.testRows());
  }

  @Test
  void rejectsAPercentOutsideOneToNinetyNine() {
    assertThatThrownBy(() -> RandomSplit.split(rows(10), 0, 1)).hasMessageContaining("expected 1..99");
    assertThatThrownBy(() -> RandomSplit.split(rows(10), 100, 1)).hasMessageContaining("out of range");
  }

  @Test
  void methodNamesParseAndAnUnknownOneIsNamed() {
    assertThat(TemporalSplit.Method.parse(" Random ")).isEqualTo(TemporalSplit.Method.RANDOM);
    assertThatThrownBy(() -> TemporalSplit.Method.parse("chronological"))
        .hasMessageContaining("'chronological'").hasMessageContaining("temporal or random");
  }

  @Test
  void theRandomJobWritesBothHalves(@TempDir Path dir) {
    new SyntheticGenerator(Size.SMALL, 3).writeTo(dir);
    TemporalSplit.Result r = TemporalSplit.run(dir, TemporalSplit.Method.RANDOM, 5);
    Dataset d = DatasetFiles.read(dir);
    assertThat(DatasetFiles.readInteractions(DatasetFiles.test(dir), d.users(), d.items()).size())
        .isEqualTo(r.testRows().length);
    assertThat(r.trainRows().length + r.testRows().length).isEqualTo(d.interactions().size());
    assertThat(Arrays.stream(r.testRows()).distinct().count()).isEqualTo(r.testRows().length);
  }
}
