package dev.recsys.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetRecentItemsRequest;
import dev.recsys.api.v1.GetRecentItemsResponse;
import dev.recsys.api.v1.MatcherQuota;
import dev.recsys.api.v1.RecallRequest;
import dev.recsys.api.v1.RecallServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecallServiceTest {

  /** A feature service that knows one user's recent items; the real one is tested in its module and e2e. */
  static final GrpcServer FEATURES = GrpcServer.start("test-features", "127.0.0.1", 0, List.of(
      new FeatureServiceGrpc.FeatureServiceImplBase() {
        @Override
        public void getRecentItems(GetRecentItemsRequest request, StreamObserver<GetRecentItemsResponse> out) {
          out.onNext(GetRecentItemsResponse.newBuilder()
              .addAllItemIds(request.getUserId().equals("u1") ? List.of("i1", "i3") : List.of()).build());
          out.onCompleted();
        }
      }));

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createTempDirectory("recall");
    Files.createDirectories(dir.resolve("popular"));
    StringBuilder csv = new StringBuilder("item_id,score\n");
    for (int i = 1; i <= 20; i++) {
      csv.append("i").append(i).append(',').append(100 - i).append('\n');
    }
    Files.writeString(dir.resolve("popular/popular.csv"), csv);
    registry.add("recsys.recall.data-dir", dir::toString);
    registry.add("recsys.recall.grpc-port", () -> "0");
    registry.add("recsys.recall.feature-service", () -> "127.0.0.1:" + FEATURES.port());
  }

  @Autowired GrpcServer server;
  static ManagedChannel channel;

  RecallServiceGrpc.RecallServiceBlockingStub stub() {
    if (channel == null) {
      channel = GrpcChannels.forTarget("127.0.0.1:" + server.port());
    }
    return RecallServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    FEATURES.close();
  }

  private static RecallRequest request(String user, String matcher, int quota, String... exclude) {
    return RecallRequest.newBuilder().setUserId(user)
        .addMatchers(MatcherQuota.newBuilder().setMatcher(matcher).setQuota(quota))
        .addAllExcludeItemIds(List.of(exclude)).build();
  }

  @Test
  void popularCandidatesSkipRecentAndExcludedItems() {
    List<ScoredItem> items = stub().recall(request("u1", "popular", 5, "i2")).getCandidatesList();
    assertThat(items).extracting(ScoredItem::getItemId).containsExactly("i4", "i5", "i6", "i7", "i8");
    assertThat(items).allSatisfy(i -> assertThat(i.getSource()).isEqualTo("popular"));
  }

  @Test
  void coldStartUserGetsTheHead() {
    assertThat(stub().recall(request("new-user", "popular", 3)).getCandidatesList())
        .extracting(ScoredItem::getItemId).containsExactly("i1", "i2", "i3");
  }

  @Test
  void badRequestsNameTheProblem() {
    assertInvalid(request("u1", "itemcf", 5), "unknown matcher 'itemcf'; known matchers: [popular]");
    assertInvalid(request("u1", "popular", 0), "matchers[0].quota must be 1 to 1000");
    assertInvalid(request("", "popular", 5), "user_id must be 1 to 128");
    assertInvalid(RecallRequest.newBuilder().setUserId("u1").build(), "matchers is empty");
  }

  private void assertInvalid(RecallRequest request, String expected) {
    assertThatThrownBy(() -> stub().recall(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains(expected);
        });
  }
}
