package dev.recsys.codegen.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hand-written (not generated): exercises the golden generated code with real values. */
class ArrowRoundTripTest {
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close(); // fails the test if any vector leaked
  }

  static ItemFeatures full() {
    ItemFeatures f = new ItemFeatures();
    f.setItemId("i-1");
    f.setInStock(false);
    f.setYear(2024);
    f.setClicks(123_456_789_012L);
    f.setCtr(0.25f);
    f.setScore(-1.5);
    f.setTitle("Grüße \"quoted\"");
    f.setPublishedAt(Instant.parse("2024-05-06T07:08:09.123456Z"));
    f.setPrice(new BigDecimal("12.34"));
    f.setTags(Arrays.asList("a", null, "c,\"d\"\n"));
    f.setRatings(List.of(1, 2, 3));
    f.setEmbedding(new float[] {0f, 1f, -2.5f, Float.MIN_VALUE, 3e30f, 5f, 6f, 7f});
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("x", 1L);
    counts.put("y", null);
    f.setCounts(counts);
    f.setWeights(Map.of("w", 0.5));
    return f;
  }

  @Test
  void defaultsComeFromTheSchema() {
    ItemFeatures f = new ItemFeatures();
    assertThat(f.getInStock()).isTrue();
    assertThat(f.getYear()).isZero();
    assertThat(f.getTitle()).isEqualTo("untitled");
  }

  @Test
  void toArrowAndBackKeepsEveryValue() {
    ItemFeatures empty = new ItemFeatures();
    empty.setItemId("i-2");
    empty.setYear(null);
    empty.setTitle(null);
    try (VectorSchemaRoot root = ItemFeaturesArrow.toArrow(List.of(full(), empty), List.of(), allocator)) {
      assertThat(root.getSchema()).isEqualTo(ItemFeaturesArrow.schema());
      assertThat(root.getRowCount()).isEqualTo(2);
      assertThat(root.getVector("item_id").getObject(0).toString()).isEqualTo("i-1");
      assertThat(root.getVector("clicks").getObject(0)).isEqualTo(123_456_789_012L);
      assertThat(root.getVector("price").getObject(0)).isEqualTo(new BigDecimal("12.34"));
      assertThat(root.getVector("tags").getObject(0).toString()).isEqualTo("[\"a\",null,\"c,\\\"d\\\"\\n\"]");
      assertThat(root.getVector("year").isNull(1)).isTrue();
      assertThat(root.getVector("embedding").isNull(1)).isTrue();

      List<ItemFeatures> back = ItemFeaturesArrow.fromArrow(root);
      ItemFeatures a = back.get(0);
      ItemFeatures expected = full();
      assertThat(a).usingRecursiveComparison().isEqualTo(expected);
      assertThat(back.get(1)).usingRecursiveComparison().isEqualTo(empty);
    }
  }

  @Test
  void columnsAreSelectedInOrderAndUnknownOnesNamed() {
    try (VectorSchemaRoot root = ItemFeaturesArrow.toArrow(List.of(full()), List.of("score", "item_id"), allocator)) {
      assertThat(root.getSchema().getFields()).extracting(f -> f.getName()).containsExactly("score", "item_id");
    }
    assertThatThrownBy(() -> ItemFeaturesArrow.toArrow(List.of(full()), List.of("nope"), allocator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown column 'nope' for entity item; known columns: [item_id, in_stock");
  }

  @Test
  void wrongVectorDimensionIsRejectedWithoutLeaks() {
    ItemFeatures f = full();
    f.setEmbedding(new float[3]);
    assertThatThrownBy(() -> ItemFeaturesArrow.toArrow(List.of(f), List.of(), allocator))
        .hasMessage("column 'embedding' of entity item needs 8 floats but has 3 at row 0");
  }

  @Test
  void fromArrowNeedsTheKey() {
    try (VectorSchemaRoot root = ItemFeaturesArrow.toArrow(List.of(full()), List.of("year"), allocator)) {
      assertThatThrownBy(() -> ItemFeaturesArrow.fromArrow(root))
          .hasMessageStartingWith("batch for entity item lacks key column 'item_id'");
    }
  }

  @Test
  void convertersRoundTrip() {
    var tags = new FeatureConverters.StringListConverter();
    List<String> values = Arrays.asList("plain", null, "quote\" back\\ slash / \u0001 tab\t", "");
    String json = tags.convertToDatabaseColumn(values);
    assertThat(tags.convertToEntityAttribute(json)).isEqualTo(values);
    assertThat(tags.convertToEntityAttribute(" [ ] ")).isEmpty();
    assertThatThrownBy(() -> tags.convertToEntityAttribute("[\"a\""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed feature JSON");

    var counts = new FeatureConverters.StringLongMapConverter();
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("b", 2L);
    map.put("a", null);
    assertThat(counts.convertToDatabaseColumn(map)).isEqualTo("{\"b\":2,\"a\":null}");
    assertThat(counts.convertToEntityAttribute("{\"b\":2,\"a\":null}")).containsExactlyEntriesOf(map);

    var weights = new FeatureConverters.StringDoubleMapConverter();
    assertThat(weights.convertToEntityAttribute(weights.convertToDatabaseColumn(Map.of("n", Double.NaN))))
        .containsEntry("n", Double.NaN);

    var vectors = new FeatureConverters.FloatVectorConverter();
    float[] v = {1.5f, -0f, Float.NaN, Float.MAX_VALUE};
    assertThat(vectors.convertToDatabaseColumn(v)).hasSize(24); // 16 bytes as base64
    assertThat(vectors.convertToEntityAttribute(vectors.convertToDatabaseColumn(v))).containsExactly(v);
    assertThat(vectors.convertToDatabaseColumn(null)).isNull();

    var ratings = new FeatureConverters.IntListConverter();
    assertThat(ratings.convertToEntityAttribute(ratings.convertToDatabaseColumn(new ArrayList<>(List.of(1, -2)))))
        .containsExactly(1, -2);
  }

  @Test
  void compositeKeysParseAndNameBadParts() {
    assertThat(UserItemFeaturesAccess.parseKey("u1|42")).isEqualTo(new UserItemFeaturesKey("u1", 42L));
    assertThatThrownBy(() -> UserItemFeaturesAccess.parseKey("u1|x"))
        .hasMessage("bad key 'u1|x' for entity user_item: column item_id expects long");
    assertThatThrownBy(() -> UserItemFeaturesAccess.parseKey("u1"))
        .hasMessage("key 'u1' for entity user_item must be the key columns joined by '|': user_id|item_id");
  }

  @Test
  void catalogDescribesEverySchema() {
    assertThat(FeatureCatalog.entities()).extracting(FeatureCatalog.EntityDef::name).containsExactly("item", "user_item");
    FeatureCatalog.EntityDef item = FeatureCatalog.entity("item").orElseThrow();
    assertThat(item.cacheTtl()).hasMinutes(5);
    assertThat(item.columns().get(9)).isEqualTo(new FeatureCatalog.ColumnDef("tags", "list<string>", true, ""));
    assertThat(FeatureCatalog.entity("user_item").orElseThrow().key()).containsExactly("user_id", "item_id");
    assertThat(FeatureCatalog.entity("nope")).isEmpty();
  }
}
