package dev.recsys.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.v1.GetRecentItemsRequest;
import dev.recsys.api.v1.GetRecentItemsResponse;
import dev.recsys.api.v1.FeatureServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class GrpcServerTest {

  @Test
  void servesHealthPerServiceAndPropagatesTheRequestId() {
    // Echoes the request id the server saw, as the only recent item.
    FeatureServiceGrpc.FeatureServiceImplBase echo = new FeatureServiceGrpc.FeatureServiceImplBase() {
      @Override
      public void getRecentItems(GetRecentItemsRequest request, StreamObserver<GetRecentItemsResponse> out) {
        out.onNext(GetRecentItemsResponse.newBuilder().addItemIds(RequestIds.current())
            .addItemIds(String.valueOf(MDC.get(RequestIds.MDC_KEY))).build());
        out.onCompleted();
      }
    };
    try (GrpcServer server = GrpcServer.start("test", "127.0.0.1", 0, List.of(echo))) {
      ManagedChannel channel = GrpcChannels.forTarget("127.0.0.1:" + server.port());
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("recsys.v1.FeatureService").build())
            .getStatus()).isEqualTo(ServingStatus.SERVING);

        MDC.put(RequestIds.MDC_KEY, "req-123");
        List<String> seen = FeatureServiceGrpc.newBlockingStub(channel)
            .getRecentItems(GetRecentItemsRequest.newBuilder().setUserId("u").build()).getItemIdsList();
        assertThat(seen).containsExactly("req-123", "req-123");

        MDC.remove(RequestIds.MDC_KEY);
        String generated = FeatureServiceGrpc.newBlockingStub(channel)
            .getRecentItems(GetRecentItemsRequest.newBuilder().setUserId("u").build()).getItemIds(0);
        assertThat(generated).hasSize(36);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void anInProcessServerIsReachedByItsNameWithTheSameHealthService() {
    GrpcServer server = GrpcServer.startInProcess("unit-in-process", List.of(new FeatureServiceGrpc.FeatureServiceImplBase() {
      @Override
      public void getRecentItems(GetRecentItemsRequest request, StreamObserver<GetRecentItemsResponse> out) {
        out.onNext(GetRecentItemsResponse.newBuilder().addItemIds("from-" + request.getUserId()).build());
        out.onCompleted();
      }
    }));
    ManagedChannel channel = GrpcChannels.forTarget(GrpcChannels.IN_PROCESS + "unit-in-process");
    try {
      assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.SERVING);
      assertThat(FeatureServiceGrpc.newBlockingStub(channel)
          .getRecentItems(GetRecentItemsRequest.newBuilder().setUserId("u7").build()).getItemIdsList())
          .containsExactly("from-u7");
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }
}
