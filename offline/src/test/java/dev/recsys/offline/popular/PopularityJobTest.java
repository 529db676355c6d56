package dev.recsys.offline.popular;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.offline.data.DatasetFiles;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.data.SyntheticGenerator;
import dev.recsys.offline.data.TemporalSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopularityJobTest {

  @Test
  void listsAreSortedByPositivesThenIdAndCapped(@TempDir Path dir) throws Exception {
    new SyntheticGenerator(Size.SMALL, 11).writeTo(dir);
    TemporalSplit.run(dir);
    PopularityJob.run(dir);

    // Recount positives per item from the train split independently of the job.
    List<String> train = Files.readAllLines(DatasetFiles.train(dir));
    Map<String, Long> expected = new HashMap<>();
    for (String line : train.subList(1, train.size())) {
      String[] f = line.split(",", -1);
      if (f[4].equals("1")) {
        expected.merge(f[1], 1L, Long::sum);
      }
    }
    List<String> popular = Files.readAllLines(DatasetFiles.popular(dir));
    assertThat(popular.get(0)).isEqualTo("item_id,score");
    assertThat(popular.size() - 1).isEqualTo(Math.min(PopularityJob.TOP, expected.size()));
    long prevScore = Long.MAX_VALUE;
    String prevId = "";
    for (String line : popular.subList(1, popular.size())) {
      String[] f = line.split(",");
      long score = Long.parseLong(f[1]);
      assertThat(score).isEqualTo(expected.get(f[0]));
      assertThat(score < prevScore || (score == prevScore && f[0].compareTo(prevId) > 0)).as(line).isTrue();
      prevScore = score;
      prevId = f[0];
    }

    List<String> byCategory = Files.readAllLines(DatasetFiles.popularByCategory(dir));
    assertThat(byCategory.get(0)).isEqualTo("category,item_id,score");
    Map<String, Integer> perCategory = new HashMap<>();
    for (String line : byCategory.subList(1, byCategory.size())) {
      String[] f = line.split(",");
      perCategory.merge(f[0], 1, Integer::sum);
      assertThat(Long.parseLong(f[2])).isEqualTo(expected.get(f[1]));
    }
    assertThat(perCategory.values()).allMatch(n -> n <= PopularityJob.TOP_PER_CATEGORY);
    assertThat(byCategory.size() - 1).isEqualTo(expected.size()); // SMALL has < 100 items per category
  }
}
