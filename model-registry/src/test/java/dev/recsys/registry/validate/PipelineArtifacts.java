package dev.recsys.registry.validate;

import dev.recsys.offline.cli.ProgressBar;
import dev.recsys.offline.data.Size;
import dev.recsys.offline.pipeline.FullPipeline;
import dev.recsys.offline.train.TrainOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The real artifacts of one small offline pipeline run, made once per test JVM. */
public final class PipelineArtifacts {

  private static Path models;

  private PipelineArtifacts() {}

  /** {@code models/NAME/1/} of the run. */
  public static synchronized Path models() {
    if (models == null) {
      try {
        Path out = Files.createTempDirectory("registry-pipeline");
        out.toFile().deleteOnExit();
        FullPipeline.run(out, FullPipeline.Options.defaults().withSize(Size.SMALL)
                .withLightgbm(TrainOptions.defaults().withThreads(1)), line -> { },
            new ProgressBar(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, "t"),
            Clock.systemUTC());
        models = out.resolve("models");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return models;
  }
}
