package dev.recsys.gateway.downstream;

import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.RecallServiceGrpc;
import dev.recsys.gateway.config.GatewayProperties;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The services the scene engine calls, each call with a deadline, a bulkhead and a circuit breaker
 * ({@link Guard}). Breaker states and bulkhead use are on Prometheus as
 * {@code resilience4j_circuitbreaker_*} and {@code resilience4j_bulkhead_*}.
 */
@Component
public class Downstreams {

  private final ManagedChannel recallChannel;
  private final ManagedChannel rankChannel;
  private final ManagedChannel featureChannel;
  private final GatewayProperties props;
  private final Guard featureGuard;
  private final Guard recallGuard;
  private final Guard rankGuard;

  public Downstreams(GatewayProperties props, MeterRegistry meters) {
    this.props = props;
    this.recallChannel = GrpcChannels.forTarget(props.recallService());
    this.rankChannel = GrpcChannels.forTarget(props.rankService());
    this.featureChannel = GrpcChannels.forTarget(props.featureService());
    GatewayProperties.Resilience r = props.resilience();
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(r.windowSize())
        .minimumNumberOfCalls(r.minimumCalls())
        .failureRateThreshold(r.failureRatePercent())
        .waitDurationInOpenState(Duration.ofMillis(r.openMs()))
        .permittedNumberOfCallsInHalfOpenState(r.halfOpenCalls())
        .recordException(e -> e instanceof StatusRuntimeException s && Guard.BACKEND_FAILURES.contains(s.getStatus().getCode()))
        .build());
    BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
        .maxConcurrentCalls(r.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build());
    this.recallGuard = new Guard("recall-service", breakers.circuitBreaker("recall-service"),
        bulkheads.bulkhead("recall-service"));
    this.rankGuard = new Guard("rank-service", breakers.circuitBreaker("rank-service"), bulkheads.bulkhead("rank-service"));
    this.featureGuard = new Guard("feature-service", breakers.circuitBreaker("feature-service"),
        bulkheads.bulkhead("feature-service"));
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    GrpcChannels.warmUp(recallChannel, "recall-service", Duration.ofSeconds(60));
    GrpcChannels.warmUp(rankChannel, "rank-service", Duration.ofSeconds(60));
    GrpcChannels.warmUp(featureChannel, "feature-service", Duration.ofSeconds(60));
  }

  /** One guarded GetFeatures call; see {@link #recall}. */
  public <T> T features(Function<FeatureServiceGrpc.FeatureServiceBlockingStub, T> call) {
    return featureGuard.call(() -> call.apply(FeatureServiceGrpc.newBlockingStub(featureChannel)
        .withDeadlineAfter(props.featureDeadlineMs(), TimeUnit.MILLISECONDS)));
  }

  /**
   * One guarded Recall call.
   *
   * @throws Guard.DownstreamException when it fails, times out, or the breaker or bulkhead refuses it
   */
  public <T> T recall(Function<RecallServiceGrpc.RecallServiceBlockingStub, T> call) {
    return recallGuard.call(() -> call.apply(RecallServiceGrpc.newBlockingStub(recallChannel)
        .withDeadlineAfter(props.recallDeadlineMs(), TimeUnit.MILLISECONDS)));
  }

  /** One guarded Rank call; see {@link #recall}. */
  public <T> T rank(Function<RankServiceGrpc.RankServiceBlockingStub, T> call) {
    return rankGuard.call(() -> call.apply(RankServiceGrpc.newBlockingStub(rankChannel)
        .withDeadlineAfter(props.rankDeadlineMs(), TimeUnit.MILLISECONDS)));
  }

  public Guard recallGuard() {
    return recallGuard;
  }

  public Guard rankGuard() {
    return rankGuard;
  }

  @PreDestroy
  void close() {
    recallChannel.shutdownNow();
    rankChannel.shutdownNow();
    featureChannel.shutdownNow();
  }
}
