package dev.recsys.rank.config;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rank service settings ({@code recsys.rank.*}).
 *
 * @param modelsDir without a registry: a folder in the registry's local layout, {@code
 *     <name>/<version>/} holding the artifact and {@code metadata.json}; the highest version of
 *     each name is served, loaded once
 * @param defaultModel model used when a request names none
 * @param featureService {@code host:port} of the feature service's gRPC server
 * @param featureDeadlineMs deadline for one feature lookup
 * @param maxCandidates most candidates one Rank call may carry
 * @param grpcHost address the gRPC server binds
 * @param grpcPort gRPC port; 0 picks a free one
 * @param registry when {@code registry.url} is set, models come from the model registry instead
 *     of {@code modelsDir}, and follow its production versions
 */
@ConfigurationProperties("recsys.rank")
public record RankProperties(
    Path modelsDir,
    @DefaultValue("lightgbm") String defaultModel,
    @DefaultValue("127.0.0.1:9093") String featureService,
    @DefaultValue("300") long featureDeadlineMs,
    @DefaultValue("1000") int maxCandidates,
    @DefaultValue("127.0.0.1") String grpcHost,
    @DefaultValue("9092") int grpcPort,
    @DefaultValue Registry registry) {

  /**
   * Following the model registry.
   *
   * @param url the registry's HTTP root; blank serves {@code modelsDir} instead
   * @param models the model names to serve (each must have a production version)
   * @param cacheDir where downloaded versions are kept, verified; also the fallback when the
   *     registry is down at start
   * @param startupTimeoutSeconds how long start waits for the registry before using the cache
   * @param watchSeconds the long poll's length; a promotion is seen at once whatever it is
   */
  public record Registry(
      String url,
      @DefaultValue("lightgbm") List<String> models,
      Path cacheDir,
      @DefaultValue("60") int startupTimeoutSeconds,
      @DefaultValue("30") int watchSeconds) {

    public boolean enabled() {
      return url != null && !url.isBlank();
    }
  }
}
