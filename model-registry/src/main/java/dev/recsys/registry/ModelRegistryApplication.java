package dev.recsys.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Versioned model artifacts and their metadata. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelRegistryApplication {

  /** Injectable time: stage changes and audit events are stamped with it. */
  @org.springframework.context.annotation.Bean
  java.time.Clock clock() {
    return java.time.Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(ModelRegistryApplication.class, args);
  }
}
