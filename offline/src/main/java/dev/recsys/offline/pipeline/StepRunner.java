package dev.recsys.offline.pipeline;

import dev.recsys.offline.cli.ProgressBar;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the pipeline's steps in order with one progress bar over the steps, a line per finished
 * step (name, wall time, what it produced) and the wall time of each step for the report. A
 * failing step stops the run; its message is prefixed with the step's name.
 */
final class StepRunner {

  private final int total;
  private final ProgressBar bar;
  private final Consumer<String> log;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private int done;

  StepRunner(int total, ProgressBar bar, Consumer<String> log) {
    this.total = total;
    this.bar = bar;
    this.log = log;
  }

  <T> T run(String name, Supplier<T> step, java.util.function.Function<T, String> describe) {
    bar.update(done, total, name + " ...");
    long t = System.nanoTime();
    T result;
    try {
      result = step.get();
    } catch (RuntimeException e) {
      throw new PipelineException(name, e);
    }
    double s = (System.nanoTime() - t) / 1e9;
    seconds.put(name, s);
    done++;
    log.accept(String.format(Locale.ROOT, "[%-16s] %7.2f s  %s", name, s, describe.apply(result)));
    bar.update(done, total, name + " done");
    return result;
  }

  Map<String, Double> seconds() {
    return seconds;
  }

  /** A step's failure, named. */
  static final class PipelineException extends RuntimeException {
    PipelineException(String step, RuntimeException cause) {
      super("step " + step + " failed: " + cause.getMessage(), cause);
    }
  }
}
