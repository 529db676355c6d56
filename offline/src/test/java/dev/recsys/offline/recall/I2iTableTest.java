package dev.recsys.offline.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.offline.data.Items;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class I2iTableTest {

  @TempDir
  Path dir;

  private final Items items = Clicks.items(4); // ids 10, 11, 12, 13

  private final I2iTable table = I2iTable.of(
      new int[][] {{2, 1}, {}, {0, 1, 3}, {0}},
      new float[][] {{0.75f, 0.1f}, {}, {1.0f / 3, 1.0f / 3, 1e-7f}, {0f}});

  private Path file(String body) throws Exception {
    Path f = dir.resolve("i2i.csv");
    Files.writeString(f, body);
    return f;
  }

  private Path withHeader(String body) throws Exception {
    return file("item_id,neighbor_id,score\n" + body);
  }

  @Test
  void accessorsReadTheRows() {
    assertThat(table.numItems()).isEqualTo(4);
    assertThat(table.entries()).isEqualTo(6);
    assertThat(table.size(1)).isZero();
    assertThat(table.neighbors(2)).containsExactly(0, 1, 3);
    assertThat(table.scores(0)).containsExactly(0.75f, 0.1f);
    assertThat(table.neighbor(2, 2)).isEqualTo(3);
    assertThat(table.score(2, 2)).isEqualTo(1e-7f);
    assertThatThrownBy(() -> table.neighbor(1, 0)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("item 1 has 0 neighbours, no rank 0");
  }

  @Test
  void writesIdsBestFirstAndReadsBackTheSameTable() throws Exception {
    Path f = dir.resolve("models/itemcf/1/i2i.csv");
    table.write(f, items);
    assertThat(Files.readString(f)).isEqualTo("""
        item_id,neighbor_id,score
        10,12,0.75
        10,11,0.1
        12,10,0.33333334
        12,11,0.33333334
        12,13,1.0E-7
        13,10,0.0
        """);
    assertThat(I2iTable.read(f, items)).isEqualTo(table);
    assertThat(Files.exists(dir.resolve("models/itemcf/1/i2i.csv.tmp"))).isFalse();
  }

  @Test
  void theReaderOrdersEachItemsNeighboursWhateverTheLineOrder() throws Exception {
    Path f = withHeader("12,13,1.0E-7\n13,10,0\n12,11,0.33333334\n\n10,11,0.1\n12,10,0.33333334\n10,12,0.75\n");
    assertThat(I2iTable.read(f, items)).isEqualTo(table);
  }

  @Test
  void aRoundTripOfABuiltTableIsExact() throws Exception {
    Clicks.Split s = Clicks.small();
    I2iTable built = ItemCf.build(s.train(), s.users(), s.items(), ItemCf.Params.defaults());
    Path f = dir.resolve("itemcf.csv");
    built.write(f, s.data().items());
    assertThat(I2iTable.read(f, s.data().items())).isEqualTo(built);
  }

  @Test
  void wrongHeaderNamesTheExpectedColumns() throws Exception {
    Path f = file("item,neighbor,score\n10,11,1\n");
    assertThatThrownBy(() -> I2iTable.read(f, items)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + ":1: header must be 'item_id,neighbor_id,score', found 'item,neighbor,score'");
    Path empty = file("");
    assertThatThrownBy(() -> I2iTable.read(empty, items))
        .hasMessageContaining("i2i.csv:1: header must be 'item_id,neighbor_id,score', found '<empty file>'");
  }

  @Test
  void wrongFieldCountNamesTheLine() throws Exception {
    Path f = withHeader("10,11,1\n10,12\n");
    assertThatThrownBy(() -> I2iTable.read(f, items))
        .hasMessage(f + ":3: expected 3 comma-separated fields [item_id, neighbor_id, score], found 2");
  }

  @Test
  void unknownIdsNameTheColumnAndValue() throws Exception {
    Path f = withHeader("10,11,1\n99,11,1\n");
    assertThatThrownBy(() -> I2iTable.read(f, items))
        .hasMessage(f + ":3: unknown item_id '99' (not among the dataset's 4 item ids)");
    Path g = withHeader("10,x,1\n");
    assertThatThrownBy(() -> I2iTable.read(g, items))
        .hasMessage(g + ":2: unknown neighbor_id 'x' (not among the dataset's 4 item ids)");
  }

  @Test
  void badScoresSayWhatIsValid() throws Exception {
    String valid = "column 'score' must be a finite number >= 0 that fits a float, found ";
    for (String bad : new String[] {"NaN", "-0.5", "Infinity", "1e39"}) {
      Path f = withHeader("10,11,0.5\n11,10," + bad + "\n");
      assertThatThrownBy(() -> I2iTable.read(f, items)).hasMessage(f + ":3: " + valid + "'" + bad + "'");
    }
    Path f = withHeader("10,11,high\n");
    assertThatThrownBy(() -> I2iTable.read(f, items))
        .hasMessage(f + ":2: column 'score' must be a number, found 'high'");
  }

  @Test
  void selfNeighboursAndRepeatedPairsAreRejected() throws Exception {
    Path f = withHeader("10,10,1\n");
    assertThatThrownBy(() -> I2iTable.read(f, items))
        .hasMessage(f + ":2: item '10' is listed as its own neighbour; neighbor_id must differ from item_id");
    Path g = withHeader("10,11,1\n10,12,1\n10,11,2\n");
    assertThatThrownBy(() -> I2iTable.read(g, items))
        .hasMessage(g + ":4: neighbour '11' of item '10' appears twice (first on line 2)");
  }

  @Test
  void ofRejectsRowsThatBreakTheRules() {
    assertThatThrownBy(() -> I2iTable.of(new int[][] {{1, 0}, {}}, new float[][] {{1, 1}, {}}))
        .hasMessage("item 0, rank 1: an item cannot be its own neighbour");
    assertThatThrownBy(() -> I2iTable.of(new int[][] {{1}, {}}, new float[][] {{Float.NaN}, {}}))
        .hasMessage("item 0, rank 0: score must be finite and >= 0, found NaN");
    assertThatThrownBy(() -> I2iTable.of(new int[][] {{2, 1}, {}, {}}, new float[][] {{1, 1}, {}, {}}))
        .hasMessageContaining("item 0, rank 1: neighbour 1 (score 1.0) must not come after 2 (score 1.0)");
    assertThatThrownBy(() -> I2iTable.of(new int[][] {{1, 1}, {}}, new float[][] {{2, 1}, {}}))
        .hasMessage("item 0, rank 1: neighbour 1 appears twice");
    assertThatThrownBy(() -> I2iTable.of(new int[][] {{3}, {}}, new float[][] {{1}, {}}))
        .hasMessage("item 0, rank 0: neighbour 3 is not an item index in [0, 2)");
    assertThatThrownBy(() -> I2iTable.of(new int[][] {{1}, {}}, new float[][] {{1, 2}, {}}))
        .hasMessage("item 0 has 1 neighbours but 2 scores");
  }

  @Test
  void writingWithAnotherItemTableIsRefused() {
    assertThatThrownBy(() -> table.write(dir.resolve("x.csv"), Clicks.items(3)))
        .hasMessage("the table has 4 items but the item table 3");
  }
}
