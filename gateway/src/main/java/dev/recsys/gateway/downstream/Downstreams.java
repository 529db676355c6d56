package dev.recsys.gateway.downstream;

import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.RecallServiceGrpc;
import dev.recsys.gateway.config.GatewayProperties;
import io.grpc.ManagedChannel;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * gRPC stubs of the services the scene engine calls, each call with its deadline.
 *
 * <p>Skeleton: deadlines only; circuit breakers and bulkheads (Resilience4j) come with issue 6.
 */
@Component
public class Downstreams {

  private final ManagedChannel recallChannel;
  private final ManagedChannel rankChannel;
  private final GatewayProperties props;

  public Downstreams(GatewayProperties props) {
    this.props = props;
    this.recallChannel = GrpcChannels.forTarget(props.recallService());
    this.rankChannel = GrpcChannels.forTarget(props.rankService());
    GrpcChannels.warmUp(recallChannel, "recall-service", Duration.ofSeconds(60));
    GrpcChannels.warmUp(rankChannel, "rank-service", Duration.ofSeconds(60));
  }

  public RecallServiceGrpc.RecallServiceBlockingStub recall() {
    return RecallServiceGrpc.newBlockingStub(recallChannel)
        .withDeadlineAfter(props.recallDeadlineMs(), TimeUnit.MILLISECONDS);
  }

  public RankServiceGrpc.RankServiceBlockingStub rank() {
    return RankServiceGrpc.newBlockingStub(rankChannel)
        .withDeadlineAfter(props.rankDeadlineMs(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void close() {
    recallChannel.shutdownNow();
    rankChannel.shutdownNow();
  }
}
