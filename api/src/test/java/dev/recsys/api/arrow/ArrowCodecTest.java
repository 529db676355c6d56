package dev.recsys.api.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class ArrowCodecTest {

  @Test
  void everyColumnTypeRoundTripsWithNulls() {
    ColumnBatch batch = ColumnBatch.of(
        Column.ofStrings("id", new String[] {"a", null, "ü€"}),
        new Column("i32", ColumnType.INT32, 1, new int[] {1, 0, -7}, new boolean[] {false, true, false}),
        Column.ofLongs("i64", new long[] {Long.MAX_VALUE, 0, Long.MIN_VALUE}),
        Column.ofFloats("f32", new float[] {1.5f, Float.NaN, -0f}),
        new Column("f64", ColumnType.FLOAT64, 1, new double[] {0.1, 2, 3}, new boolean[] {false, false, true}),
        Column.ofBools("b", new boolean[] {true, false, true}),
        Column.ofTensor("t", new float[] {1, 2, 3, 4, 5, 6}, 2));

    ColumnBatch back = ArrowCodec.decode(ArrowCodec.encode(batch), "test");

    assertThat(back.rowCount()).isEqualTo(3);
    assertThat(back.columns()).extracting(Column::name).containsExactly("id", "i32", "i64", "f32", "f64", "b", "t");
    for (Column original : batch.columns()) {
      Column copy = back.column(original.name());
      assertThat(copy.type()).isEqualTo(original.type());
      for (int r = 0; r < 3; r++) {
        Object expected = original.get(r);
        Object actual = copy.get(r);
        if (expected instanceof float[] f) {
          assertThat((float[]) actual).containsExactly(f);
        } else if (expected instanceof Float f && f.isNaN()) {
          assertThat((Float) actual).isNaN();
        } else {
          assertThat(actual).as(original.name() + "[" + r + "]").isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void largeRandomBatchRoundTripsExactly() {
    Random random = new Random(7);
    int n = 10_000;
    double[] values = new double[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian();
      ids[i] = "item-" + random.nextInt(1_000_000);
    }
    ColumnBatch back = ArrowCodec.decode(ArrowCodec.encode(ColumnBatch.of(
        Column.ofStrings("id", ids), Column.ofDoubles("score", values))), "test");
    assertThat((double[]) back.column("score").values()).containsExactly(values);
    assertThat((String[]) back.column("id").values()).containsExactly(ids);
  }

  @Test
  void emptyBatchKeepsItsSchema() {
    ColumnBatch back = ArrowCodec.decode(ArrowCodec.encode(ColumnBatch.of(
        Column.ofStrings("id", new String[0]), Column.ofDoubles("score", new double[0]))), "test");
    assertThat(back.rowCount()).isZero();
    assertThat(back.columns()).extracting(Column::name).containsExactly("id", "score");
  }

  @Test
  void tensorColumnIsAnArrowFixedSizeListOfFloats() {
    ColumnBatch batch = ColumnBatch.of(Column.ofTensor("t", new float[6], 3));
    ArrowType type = ArrowCodec.schemaOf(batch).getFields().get(0).getType();
    assertThat(type).isEqualTo(new ArrowType.FixedSizeList(3));
  }

  @Test
  void garbageAndTruncatedPayloadsFailNamingThePayload() {
    assertThatThrownBy(() -> ArrowCodec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "Predict features"))
        .isInstanceOf(ArrowPayloadException.class)
        .hasMessageStartingWith("Predict features: not a readable Arrow IPC stream");
    byte[] good = ArrowCodec.encode(ColumnBatch.of(Column.ofDoubles("x", new double[] {1, 2, 3})));
    assertThatThrownBy(() -> ArrowCodec.decode(Arrays.copyOf(good, good.length / 2), "GetFeatures response"))
        .isInstanceOf(ArrowPayloadException.class)
        .hasMessageContaining("GetFeatures response");
    assertThatThrownBy(() -> ArrowCodec.decode(new byte[0], "p")).hasMessageContaining("empty payload");
  }

  @Test
  void columnsMustAgreeOnLengthAndType() {
    assertThatThrownBy(() -> ColumnBatch.of(Column.ofInts("a", new int[2]), Column.ofInts("b", new int[3])))
        .hasMessageContaining("column 'b' has 3 rows; the batch has 2");
    assertThatThrownBy(() -> new Column("a", ColumnType.INT64, 1, new int[1], null))
        .hasMessageContaining("needs long[] values");
    assertThatThrownBy(() -> new ColumnBatch(1, List.of(Column.ofInts("a", new int[1]), Column.ofInts("a", new int[1]))))
        .hasMessageContaining("duplicate column 'a'");
    assertThatThrownBy(() -> ColumnBatch.of(Column.ofInts("a", new int[1])).column("b"))
        .hasMessageContaining("no column 'b'; the batch has [a]");
  }
}
