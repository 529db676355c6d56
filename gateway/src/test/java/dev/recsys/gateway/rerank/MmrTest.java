package dev.recsys.gateway.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MmrTest {

  // Scores 1.0, 0.9, 0.8, 0.1 normalize to 1, 8/9, 7/9, 0.
  static final List<Mmr.Item> ITEMS = List.of(
      new Mmr.Item("a", 1.0, "c1"), new Mmr.Item("b", 0.9, "c1"), new Mmr.Item("c", 0.8, "c2"),
      new Mmr.Item("d", 0.1, "c3"));

  static List<String> ids(List<Mmr.Item> items) {
    return items.stream().map(Mmr.Item::id).toList();
  }

  @Test
  void lambdaOneKeepsTheScoreOrder() {
    assertThat(ids(Mmr.rerank(ITEMS, 1.0, 0, 10))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void lowerLambdaTradesScoreForANewCategory() {
    // After a: b is worth 0.5*8/9 - 0.5 = -0.06, c 0.5*7/9 = 0.39, d 0 -> c; then d (0) beats b (-0.06).
    assertThat(ids(Mmr.rerank(ITEMS, 0.5, 0, 10))).containsExactly("a", "c", "d", "b");
    // At 0.95, b (0.95*8/9 - 0.05 = 0.79) still beats c (0.95*7/9 = 0.74): a mild lambda keeps the order.
    assertThat(ids(Mmr.rerank(ITEMS, 0.95, 0, 10))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aCategoryCapDropsTheRestOfThatCategoryAndTheLimitCuts() {
    assertThat(ids(Mmr.rerank(ITEMS, 1.0, 1, 10))).containsExactly("a", "c", "d");
    assertThat(ids(Mmr.rerank(ITEMS, 1.0, 0, 2))).containsExactly("a", "b");
  }

  @Test
  void unknownCategoriesAreSimilarToNothing() {
    List<Mmr.Item> items = List.of(new Mmr.Item("x", 1.0, null), new Mmr.Item("y", 0.5, null), new Mmr.Item("z", 0.0, "c"));
    assertThat(ids(Mmr.rerank(items, 0.5, 1, 10))).containsExactly("x", "y", "z");
    assertThatThrownBy(() -> Mmr.rerank(items, 1.5, 0, 10)).hasMessageContaining("lambda must be in [0, 1]");
  }
}
