package dev.recsys.rank;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Scores candidates: hydrates features, builds model inputs with feature-transform, runs a model. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RankServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(RankServiceApplication.class, args);
  }
}
