package dev.recsys.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Versioned model artifacts and their metadata. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelRegistryApplication {
  public static void main(String[] args) {
    SpringApplication.run(ModelRegistryApplication.class, args);
  }
}
