package dev.recsys.recall;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Candidate generation: named candidate sources, merged under per-source quotas. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RecallServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(RecallServiceApplication.class, args);
  }
}
