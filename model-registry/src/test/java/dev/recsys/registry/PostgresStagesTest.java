package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.registry.stage.Stage;
import dev.recsys.registry.stage.StageService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The registry's metadata on a real PostgreSQL 17 (zonky embedded binaries, no Docker): the Flyway
 * migration runs, Hibernate validates the entities against it, and import, promote, rollback and
 * the audit trail behave as on H2.
 */
@SpringBootTest
@ContextConfiguration(initializers = PostgresStagesTest.Initializer.class)
@DirtiesContext
class PostgresStagesTest {

  static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      EmbeddedPostgres pg;
      Path root;
      try {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        root = Files.createTempDirectory("registry-pg");
        for (String v : new String[] {"1", "2"}) {
          Path dir = Files.createDirectories(root.resolve("itemcf").resolve(v));
          Files.writeString(dir.resolve("itemcf.csv"), "item_id,neighbor_id,score\n");
          Files.writeString(dir.resolve("metadata.json"),
              "{\"name\":\"itemcf\",\"version\":\"" + v + "\",\"type\":\"i2i-table\",\"model_file\":\"itemcf.csv\"}");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
      }
      ((GenericApplicationContext) context).registerBean("embeddedPostgres", EmbeddedPostgres.class,
          () -> pg, definition -> definition.setDestroyMethodName("close"));
      TestPropertyValues.of(
          "spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
          "spring.datasource.username=postgres",
          "spring.datasource.password=",
          "recsys.registry.root=" + root).applyTo(context);
    }
  }

  @Autowired StageService stages;

  @Test
  void importPromoteRollbackAndAuditOnPostgres() {
    assertThat(stages.versions("itemcf")).extracting(r -> r.stage()).containsOnly(Stage.STAGING).hasSize(2);
    stages.promote("itemcf", "1", "ops");
    stages.promote("itemcf", "2", "ops");
    assertThat(stages.rollback("itemcf", "ops").version()).isEqualTo("1");
    assertThat(stages.production("itemcf").version()).isEqualTo("1");
    assertThatThrownBy(() -> stages.archive("itemcf", "1", "ops")).hasMessageContaining("is in production");
    assertThat(stages.audit("itemcf")).extracting(e -> e.action() + " " + e.version() + " " + e.toStage())
        .containsExactly("publish 1 STAGING", "publish 2 STAGING", "promote 1 PRODUCTION", "promote 1 ARCHIVED",
            "promote 2 PRODUCTION", "rollback 2 ARCHIVED", "rollback 1 PRODUCTION");
  }
}
