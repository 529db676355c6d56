package dev.recsys.offline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.offline.OfflineCli;
import dev.recsys.offline.data.DatasetFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineCliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachJobRunsInTurn(@TempDir Path dir) {
    assertThat(OfflineCli.execute("generate", "--out", dir.toString(), "--size", "small", "--seed", "3")).isZero();
    assertThat(OfflineCli.execute("split", "--data", dir.toString())).isZero();
    assertThat(OfflineCli.execute("features", "--data", dir.toString())).isZero();
    assertThat(OfflineCli.execute("popular", "--data", dir.toString())).isZero();
    assertThat(OfflineCli.execute("train-lightgbm", "--data", dir.toString(), "--threads", "1",
        "--iterations", "10", "--model-version", "cli")).as(err()).isZero();
    assertThat(Files.exists(dir.resolve("models/lightgbm/cli/model.txt"))).isTrue();
    assertThat(Files.exists(DatasetFiles.popularByCategory(dir))).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("generate: 300 users, 200 items, 20000 interactions");
  }

  @Test
  void badDataGivesOneErrorLineAndExitCode1(@TempDir Path dir) throws Exception {
    assertThat(OfflineCli.execute("split", "--data", dir.resolve("nope").toString())).isEqualTo(1);
    assertThat(err()).startsWith("error: --data ").contains("not a directory");
    assertThat(err().lines().count()).isEqualTo(1);

    err.reset();
    Files.writeString(dir.resolve("users.csv"), "user_id,gender,age,occupation\n1,M,x,1\n");
    Files.writeString(dir.resolve("items.csv"), "item_id,title,category,year\n");
    Files.writeString(dir.resolve("interactions.csv"), DatasetFiles.INTERACTIONS_HEADER + "\n");
    assertThat(OfflineCli.execute("split", "--data", dir.toString())).isEqualTo(1);
    assertThat(err()).contains("users.csv:2: column 'age' must be an integer or empty, found 'x'");
    assertThat(err().lines().count()).isEqualTo(1);
  }

  @Test
  void badOptionsGiveExitCode2(@TempDir Path dir) {
    assertThat(OfflineCli.execute("generate", "--out", dir.toString(), "--size", "huge")).isEqualTo(2);
    assertThat(err()).contains("expected small or default");
    err.reset();
    assertThat(OfflineCli.execute("split")).isEqualTo(2);
    assertThat(err()).contains("Missing required option: '--data=DIR'");
  }

  @Test
  void pipelineRefusesAnUnknownSplitOrSizeBeforeWritingAnything(@TempDir Path dir) {
    Path out = dir.resolve("out");
    assertThat(OfflineCli.execute("pipeline", "--out", out.toString(), "--split", "chronological")).isEqualTo(1);
    assertThat(err()).contains("unknown split method 'chronological'; expected temporal or random");
    assertThat(out).doesNotExist();
    err.reset();
    assertThat(OfflineCli.execute("pipeline", "--out", out.toString(), "--size", "huge")).isEqualTo(2);
    assertThat(err()).contains("unknown size 'huge'; expected small or default");
    err.reset();
    assertThat(OfflineCli.execute("split", "--data", dir.toString(), "--method", "chronological")).isEqualTo(1);
    assertThat(err()).contains("expected temporal or random");
  }
}
