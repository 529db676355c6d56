package dev.recsys.feature.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureImporterTest {

  @TempDir Path dir;

  @Test
  void keepsTheNewestPositivesPerUserOncePerItem() throws IOException {
    Path f = dir.resolve("interactions.csv");
    Files.writeString(f, "user_id,item_id,timestamp,rating,label\n"
        + "u1,a,1,,1\nu1,b,2,,1\nu1,c,3,,0\nu1,d,4,,1\nu2,a,5,4,1\nu1,b,6,,1\n");
    List<Object[]> rows = FeatureImporter.latestPositives(f, 2);
    assertThat(rows).extracting(r -> r[0] + "/" + r[1] + "@" + r[2])
        .containsExactlyInAnyOrder("u1/d@4", "u1/b@6", "u2/a@5");
  }

  @Test
  void badInteractionFilesNameFileAndLine() throws IOException {
    Path f = dir.resolve("interactions.csv");
    Files.writeString(f, "user_id,item_id,timestamp,rating,label\nu1,a,yesterday,,1\n");
    assertThatThrownBy(() -> FeatureImporter.latestPositives(f, 5))
        .hasMessage(f + ":2: column 'timestamp' must be an integer, found 'yesterday'");
    Files.writeString(f, "user,item\nu1,a\n");
    assertThatThrownBy(() -> FeatureImporter.latestPositives(f, 5)).hasMessageContaining(f + ":1: header must be");
    Files.writeString(f, "user_id,item_id,timestamp,rating,label\nu1,a,1\n");
    assertThatThrownBy(() -> FeatureImporter.latestPositives(f, 5)).hasMessageContaining(f + ":2: expected 5 comma-separated fields");
  }
}
