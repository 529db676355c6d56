package dev.recsys.offline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void aLogGetsOneLinePerTenthNotOnePerUpdate() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "train");
    for (int i = 0; i <= 1000; i++) {
      bar.update(i, 1000, "epoch 1");
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(11);
    assertThat(lines[10]).contains("[##############################] 100% 1000/1000").contains("epoch 1");
  }

  @Test
  void aTerminalRedrawsInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "swing");
    bar.update(1, 4, null);
    bar.update(4, 4, null);
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertThat(s).startsWith("\rswing").contains(" 25% 1/4").endsWith(System.lineSeparator());
  }
}
