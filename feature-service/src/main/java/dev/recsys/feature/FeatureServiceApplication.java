package dev.recsys.feature;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The online feature store: gRPC for services, a small REST view for people. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeatureServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(FeatureServiceApplication.class, args);
  }
}
