package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.registry.stage.Stage;
import dev.recsys.registry.stage.StageService;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A registry restarted on the same folder and H2 file keeps every version and every stage. */
class RestartTest {

  private static ConfigurableApplicationContext start(Path root, Path db) {
    // Command-line arguments, not default properties: application.yml would override those.
    return new SpringApplication(ModelRegistryApplication.class).run(
        "--server.port=0",
        "--recsys.registry.root=" + root,
        "--spring.datasource.url=jdbc:h2:file:" + db.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void stagesAndVersionsSurviveARestart(@TempDir Path root, @TempDir Path db) throws Exception {
    for (String v : new String[] {"1", "2"}) {
      Path dir = Files.createDirectories(root.resolve("lightgbm").resolve(v));
      Files.writeString(dir.resolve("model.txt"), "tree\n");
      Files.writeString(dir.resolve("metadata.json"),
          "{\"name\":\"lightgbm\",\"version\":\"" + v + "\",\"type\":\"lightgbm\",\"model_file\":\"model.txt\"}");
    }
    try (ConfigurableApplicationContext first = start(root, db)) {
      StageService stages = first.getBean(StageService.class);
      stages.promote("lightgbm", "1", "ops");
      stages.promote("lightgbm", "2", "ops");
    }
    try (ConfigurableApplicationContext second = start(root, db)) {
      StageService stages = second.getBean(StageService.class);
      assertThat(stages.production("lightgbm").version()).isEqualTo("2");
      assertThat(stages.versions("lightgbm")).extracting(r -> r.version() + ":" + r.stage())
          .containsExactly("1:" + Stage.ARCHIVED, "2:" + Stage.PRODUCTION);
      // The second start imported nothing new: the audit trail is the first run's, unchanged.
      assertThat(stages.audit("lightgbm")).extracting(e -> e.action()).containsExactly(
          "publish", "publish", "promote", "promote", "promote");
    }
  }
}
