package dev.recsys.offline.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar for the CLI. On a terminal it redraws one line in place ({@code \r}); when
 * the output is a file or a pipe (CI logs, {@code ./recsys}) it prints a line only when the
 * percentage crosses a tenth, so logs stay readable. Not thread-safe: one job drives it.
 */
public final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive;
  private final String label;
  private final long startNanos = System.nanoTime();
  private int lastTenth = -1;

  public ProgressBar(PrintStream out, boolean interactive, String label) {
    this.out = out;
    this.interactive = interactive;
    this.label = label;
  }

  /** A bar on standard error, interactive when the JVM has a console. */
  public static ProgressBar stderr(String label) {
    return new ProgressBar(System.err, System.console() != null, label);
  }

  public void update(long done, long total, String detail) {
    double f = total <= 0 ? 1 : Math.min(1, Math.max(0, done / (double) total));
    int tenth = (int) Math.floor(f * 10);
    if (!interactive && tenth == lastTenth) {
      return;
    }
    lastTenth = tenth;
    int filled = (int) Math.round(f * WIDTH);
    String line = String.format(Locale.ROOT, "%-14s [%s%s] %3d%% %d/%d %6.1fs %s", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), Math.round(f * 100), done, total, (System.nanoTime() - startNanos) / 1e9,
        detail == null ? "" : detail);
    if (interactive) {
      out.print("\r" + line);
      if (done >= total) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }
}
