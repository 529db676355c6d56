package dev.recsys.bench;

import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The smallest Spring Boot application that wires the generated feature code the way
 * feature-service does: DataSource (Hikari), Flyway, Hibernate validating the generated entity,
 * the generated Spring Data repository and {@code BenchItemFeaturesAccess} (component scan of
 * {@code dev.recsys.bench.generated}).
 */
@SpringBootApplication
public class BenchApplication {

  /** Starts a non-web context on {@code jdbcUrl}; Flyway migrates before it returns. */
  public static ConfigurableApplicationContext start(String jdbcUrl, String user, String password) {
    SpringApplication app = new SpringApplicationBuilder(BenchApplication.class)
        .web(WebApplicationType.NONE)
        .build();
    app.setDefaultProperties(Map.of(
        "spring.datasource.url", jdbcUrl,
        "spring.datasource.username", user,
        "spring.datasource.password", password,
        // Same JPA settings as feature-service: tables from Flyway, Hibernate only validates.
        "spring.jpa.hibernate.ddl-auto", "validate",
        "spring.jpa.open-in-view", "false",
        "spring.jpa.properties.hibernate.auto_quote_keyword", "true",
        "spring.main.banner-mode", "off",
        // JMH relays the forked JVM's output; keep it to the results.
        "logging.level.root", "WARN"));
    return app.run();
  }

  /** The context's DataSource, for the hand-written JDBC path and the bulk load. */
  public static DataSource dataSource(ConfigurableApplicationContext context) {
    return context.getBean(DataSource.class);
  }
}
