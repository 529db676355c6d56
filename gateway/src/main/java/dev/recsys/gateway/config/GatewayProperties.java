package dev.recsys.gateway.config;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway settings ({@code recsys.gateway.*}).
 *
 * @param experimentsFile experiment config YAML; unset means the bundled
 *     {@code classpath:experiments.yaml}
 * @param recallService {@code host:port} of the recall service's gRPC server
 * @param rankService {@code host:port} of the rank service's gRPC server
 * @param recallDeadlineMs deadline of one Recall call
 * @param rankDeadlineMs deadline of one Rank call
 * @param maxCount largest {@code count} a recommend request may ask for
 * @param maxUserIdLength longest accepted {@code userId}
 * @param resilience circuit breaker and bulkhead settings, the same for each downstream
 * @param experimentsStore the shared folder of accepted experiment configs (history); replicas
 *     poll it, so on Kubernetes it is a ReadWriteMany volume
 * @param reloadIntervalMs how often the watched file and the store are polled
 * @param adminToken bearer token of the experiment admin API and the forced-arm header; unset
 *     disables both
 * @param exposureDir where exposure records are written (JSON lines per day); unset disables them
 * @param featureService {@code host:port} of the feature service's gRPC server (item attributes
 *     for the rerank layer)
 * @param featureDeadlineMs deadline of one GetFeatures call
 * @param itemAttributesTtlSeconds how long item attributes are cached
 * @param apiKeys the clients of the public API; empty leaves it open
 */
@ConfigurationProperties("recsys.gateway")
public record GatewayProperties(
    Path experimentsFile,
    @DefaultValue("127.0.0.1:9091") String recallService,
    @DefaultValue("127.0.0.1:9092") String rankService,
    @DefaultValue("300") long recallDeadlineMs,
    @DefaultValue("500") long rankDeadlineMs,
    @DefaultValue("500") int maxCount,
    @DefaultValue("128") int maxUserIdLength,
    @DefaultValue Resilience resilience,
    Path experimentsStore,
    @DefaultValue("1000") long reloadIntervalMs,
    String adminToken,
    Path exposureDir,
    @DefaultValue("127.0.0.1:9093") String featureService,
    @DefaultValue("150") long featureDeadlineMs,
    @DefaultValue("300") long itemAttributesTtlSeconds,
    List<ApiKey> apiKeys) {

  /**
   * One client of the public API.
   *
   * @param name shown in metrics and 429 answers
   * @param sha256 the key's SHA-256, hex; the key itself is not configured anywhere
   * @param ratePerSecond sustained requests per second, per gateway replica
   * @param burst requests allowed at once above the rate
   */
  public record ApiKey(String name, String sha256, @DefaultValue("100") double ratePerSecond,
      @DefaultValue("200") int burst) {}


  /**
   * Per downstream: the breaker opens when {@code failureRatePercent} of the last {@code
   * windowSize} calls failed (after at least {@code minimumCalls}), stays open {@code openMs}, then
   * lets {@code halfOpenCalls} through to probe; the bulkhead allows {@code maxConcurrentCalls} in
   * flight and refuses the next at once.
   */
  public record Resilience(
      @DefaultValue("20") int windowSize,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("50") float failureRatePercent,
      @DefaultValue("2000") long openMs,
      @DefaultValue("3") int halfOpenCalls,
      @DefaultValue("64") int maxConcurrentCalls) {}
}
