package dev.recsys.recall.popular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.v1.ScoredItem;
import dev.recsys.recall.config.RecallProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularSourceTest {

  @TempDir Path dir;

  private PopularSource load(String csv) throws IOException {
    Files.createDirectories(dir.resolve("popular"));
    Files.writeString(dir.resolve("popular/popular.csv"), csv);
    return new PopularSource(new RecallProperties(dir, "x:1", 100, 1000, "127.0.0.1", 0));
  }

  @Test
  void servesTheListInFileOrderUpToTheQuota() throws IOException {
    PopularSource source = load("item_id,score\na,3\nb,2\n\nc,1\n");
    assertThat(source.size()).isEqualTo(3);
    assertThat(source.candidates("u", 2, Set.of("a"))).extracting(ScoredItem::getItemId).containsExactly("b", "c");
  }

  @Test
  void badFilesNameFileLineAndTheProblem() throws IOException {
    Path file = dir.resolve("popular/popular.csv");
    assertThatThrownBy(() -> load("id,score\na,1\n")).hasMessage(file + ":1: header must be 'item_id,score', found 'id,score'");
    assertThatThrownBy(() -> load("item_id,score\na,1\nb,lots\n"))
        .hasMessage(file + ":3: column 'score' must be a number, found 'lots'");
    assertThatThrownBy(() -> load("item_id,score\na,1,extra\n")).hasMessageContaining(file + ":2: expected 2 comma-separated fields");
    assertThatThrownBy(() -> load("item_id,score\n")).hasMessageContaining("the popularity list is empty");
    assertThatThrownBy(() -> load("")).hasMessageContaining("<empty file>");
  }

  @Test
  void missingDataDirIsAClearStartupError() {
    assertThatThrownBy(() -> new PopularSource(new RecallProperties(null, "x:1", 100, 1000, "127.0.0.1", 0)))
        .hasMessageContaining("recsys.recall.data-dir is not set");
    assertThatThrownBy(() -> new PopularSource(new RecallProperties(dir.resolve("nope"), "x:1", 100, 1000, "127.0.0.1", 0)))
        .hasMessageContaining("cannot read");
  }
}
