package dev.recsys.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ColumnBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformsTest {

  @TempDir Path dir;

  @Test
  void murmur3MatchesReferenceVectors() {
    // Published MurmurHash3_x86_32 test vectors.
    assertThat(HashBucket.murmur3(new byte[0], 0)).isEqualTo(0);
    assertThat(HashBucket.murmur3(new byte[0], 1)).isEqualTo(0x514E28B7);
    assertThat(HashBucket.murmur3("hello".getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(0x248bfa47);
    assertThat(HashBucket.murmur3("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8), 0))
        .isEqualTo(0x2e4ff723);
  }

  @Test
  void hashBucketStaysInRange() {
    HashBucket b = new HashBucket(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(b.apply("v" + i)).isBetween(0, 6);
    }
    assertThat(b.apply(null)).isZero();
    assertThatThrownBy(() -> new HashBucket(0)).hasMessageContaining("buckets must be >= 1");
  }

  @Test
  void bucketizeReservesZeroForMissing() {
    Bucketize b = new Bucketize(new double[] {18, 25});
    assertThat(b.apply(Double.NaN)).isEqualTo(0);
    assertThat(b.apply(10)).isEqualTo(1);
    assertThat(b.apply(18)).isEqualTo(2);
    assertThat(b.apply(30)).isEqualTo(3);
    assertThatThrownBy(() -> new Bucketize(new double[] {3, 3})).hasMessageContaining("increase strictly");
  }

  @Test
  void smoothedRateShrinksSmallCounts() {
    SmoothedRate r = new SmoothedRate(1, 9);
    assertThat(r.apply(0, 0)).isEqualTo(0.1);
    assertThat(r.apply(1, 1)).isLessThan(r.apply(300, 1000));
  }

  private ColumnBatch users() throws IOException {
    Path f = dir.resolve("users.csv");
    Files.writeString(f, "user_id,gender,age,occupation,clicks,impressions\nu1,F,25,3,4,10\nu2,,,,0,0\n");
    return CsvTables.read(f, FeatureTables.USER);
  }

  private ColumnBatch items() throws IOException {
    Path f = dir.resolve("items.csv");
    Files.writeString(f, "item_id,category,year,clicks,impressions\ni1,Drama,1995,7,20\n");
    return CsvTables.read(f, FeatureTables.ITEM);
  }

  @Test
  void encoderRowIsIdenticalAfterAnArrowRoundTrip() throws IOException {
    // Offline reads CSV; online reads the same rows from the feature service as Arrow.
    ColumnBatch users = users();
    ColumnBatch items = items();
    int width = RankFeatureEncoder.input().width();
    float[] offline = new float[width];
    float[] online = new float[width];
    RankFeatureEncoder.bind(users, items).encode(0, 0, offline, 0);
    RankFeatureEncoder.bind(ArrowCodec.decode(ArrowCodec.encode(users), "u"), ArrowCodec.decode(ArrowCodec.encode(items), "i"))
        .encode(0, 0, online, 0);
    assertThat(online).containsExactly(offline);
    assertThat(offline[1]).isEqualTo(25f);
    assertThat(offline[7]).isEqualTo((float) ((7 + 1) / (20 + 10.0)));
  }

  @Test
  void unknownAndEmptyEntitiesEncodeAsMissing() throws IOException {
    int width = RankFeatureEncoder.input().width();
    float[] row = new float[width];
    RankFeatureEncoder.bind(users(), items()).encode(1, -1, row, 0);
    assertThat(row[1]).isNaN();          // u2 has no age
    assertThat(row[6]).isNaN();          // unknown item: no year
    assertThat(row[7]).isEqualTo(0.1f);  // prior CTR
    assertThat(row[9]).isZero();         // no cross without an item
  }

  @Test
  void encoderRefusesBatchesWithoutItsColumns() throws IOException {
    assertThatThrownBy(() -> RankFeatureEncoder.bind(items(), items()))
        .hasMessageContaining("user features lack column 'gender'");
  }

  @Test
  void csvErrorsNameFileLineAndColumn() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "item_id,category,year,clicks,impressions\ni1,Drama,nineteen,7,20\n");
    assertThatThrownBy(() -> CsvTables.read(f, FeatureTables.ITEM))
        .hasMessage(f + ":2: column 'year' must be INT32, found 'nineteen'");
    Files.writeString(f, "item_id,category\ni1,Drama\n");
    assertThatThrownBy(() -> CsvTables.read(f, FeatureTables.ITEM)).hasMessageContaining(":1: header must be");
    Files.writeString(f, "item_id,category,year,clicks,impressions\ni1,Drama,1990\n");
    assertThatThrownBy(() -> CsvTables.read(f, FeatureTables.ITEM)).hasMessageContaining(":2: expected 5 comma-separated fields");
    assertThatThrownBy(() -> FeatureTables.byEntity("shop")).hasMessageContaining("known entities: [user, item]");
  }

  @Test
  void csvWriteThenReadIsLossless() throws IOException {
    ColumnBatch users = users();
    Path out = dir.resolve("copy/users.csv");
    CsvTables.write(out, FeatureTables.USER, users);
    ColumnBatch back = CsvTables.read(out, FeatureTables.USER);
    for (int c = 0; c < users.columns().size(); c++) {
      for (int r = 0; r < users.rowCount(); r++) {
        assertThat(back.columns().get(c).get(r)).isEqualTo(users.columns().get(c).get(r));
      }
    }
  }
}
