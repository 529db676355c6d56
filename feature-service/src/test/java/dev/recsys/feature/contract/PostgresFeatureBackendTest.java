package dev.recsys.feature.contract;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The backend contract on a real PostgreSQL (zonky embedded binaries, no Docker), reached the
 * way production reaches it: through {@code spring.datasource.url}.
 */
@ContextConfiguration(initializers = PostgresFeatureBackendTest.EmbeddedPostgresInitializer.class)
@DirtiesContext // stop PostgreSQL as soon as this class is done instead of at JVM exit
class PostgresFeatureBackendTest extends FeatureBackendContract {

  /**
   * Starts PostgreSQL before the context, points the datasource at it and registers it as a bean
   * with destroy method {@code close}: the context stops the server when it closes (a server left
   * running keeps the test JVM alive for Surefire's 30 s exit timeout). As root, zonky runs the
   * server through {@code unshare -U}, since PostgreSQL refuses to run as root.
   */
  static final class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      EmbeddedPostgres pg;
      try {
        // A throw-away server: durability only costs time (each commit would wait for fsync).
        pg = EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
      }
      ((GenericApplicationContext) context).registerBean("embeddedPostgres", EmbeddedPostgres.class,
          () -> pg, definition -> definition.setDestroyMethodName("close"));
      TestPropertyValues.of(
          "spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
          "spring.datasource.username=postgres",
          "spring.datasource.password=").applyTo(context);
    }
  }
}
