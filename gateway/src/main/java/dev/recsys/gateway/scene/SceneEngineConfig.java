package dev.recsys.gateway.scene;

import dev.recsys.experiment.ConfigHolder;
import dev.recsys.experiment.ConfigParser;
import dev.recsys.experiment.ExperimentConfig;
import dev.recsys.experiment.ExperimentParams;
import dev.recsys.experiment.ParamSpec;
import dev.recsys.experiment.SceneEngine;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.experiment.reload.ConfigReloader;
import dev.recsys.experiment.reload.ConfigStore;
import dev.recsys.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the experiment framework: the live config and the engine over the experiment beans. */
@Configuration(proxyBeanMethods = false)
class SceneEngineConfig {

  @Bean
  Map<String, SceneExperiment<RecState>> experimentsByName(List<SceneExperiment<RecState>> beans, MeterRegistry meters) {
    Map<String, SceneExperiment<RecState>> timed = new LinkedHashMap<>();
    SceneEngine.discover(beans).forEach((name, experiment) -> timed.put(name, new Timed(name, experiment, meters)));
    return timed;
  }

  /** The starting config's text and where it came from: the configured file, else the bundled one. */
  record InitialConfig(String source, String yaml) {}

  @Bean
  InitialConfig initialConfig(GatewayProperties props) {
    String source;
    String yaml;
    try {
      if (props.experimentsFile() != null) {
        source = props.experimentsFile().toString();
        yaml = Files.readString(props.experimentsFile(), StandardCharsets.UTF_8);
      } else {
        source = "classpath:experiments.yaml";
        try (InputStream in = SceneEngineConfig.class.getResourceAsStream("/experiments.yaml")) {
          yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("recsys.gateway.experiments-file: cannot read " + props.experimentsFile(), e);
    }
    return new InitialConfig(source, yaml);
  }

  @Bean
  ConfigHolder experimentConfig(InitialConfig initial, Map<String, SceneExperiment<RecState>> experimentsByName) {
    ExperimentConfig config = ConfigParser.parse(initial.yaml(), initial.source());
    Map<String, List<ParamSpec>> specs = new LinkedHashMap<>();
    experimentsByName.forEach((name, e) -> specs.put(name, e.params()));
    return new ConfigHolder(config, specs);
  }

  /**
   * Follows the watched file and the shared store from start: a restarted gateway comes up on the
   * newest accepted config, not on the file it was started with.
   */
  @Bean(destroyMethod = "close")
  ConfigReloader configReloader(ConfigHolder holder, GatewayProperties props, InitialConfig initial) {
    if (props.experimentsStore() == null) {
      throw new IllegalStateException("recsys.gateway.experiments-store is not set; the experiment config history"
          + " lives there");
    }
    return new ConfigReloader(holder, new ConfigStore(props.experimentsStore()), props.experimentsFile(),
        Clock.systemUTC(), initial.yaml()).start(Duration.ofMillis(props.reloadIntervalMs()));
  }

  @Bean
  SceneEngine<RecState> sceneEngine(ConfigHolder holder, Map<String, SceneExperiment<RecState>> experimentsByName) {
    return new SceneEngine<>(holder, experimentsByName);
  }

  /** Times each experiment, so per-stage latency shows per arm in Prometheus. */
  private record Timed(String name, SceneExperiment<RecState> delegate, MeterRegistry meters)
      implements SceneExperiment<RecState> {
    @Override
    public RecState apply(RecState state, ExperimentParams params) throws Exception {
      Timer.Sample sample = Timer.start(meters);
      try {
        return delegate.apply(state, params);
      } finally {
        sample.stop(Timer.builder("recsys.gateway.experiment").tag("experiment", name)
            .publishPercentileHistogram().register(meters));
      }
    }

    @Override
    public List<ParamSpec> params() {
      return delegate.params();
    }
  }
}
