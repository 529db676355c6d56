package dev.recsys.gateway;

import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.RankRequest;
import dev.recsys.api.v1.RankResponse;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.RecallRequest;
import dev.recsys.api.v1.RecallResponse;
import dev.recsys.api.v1.RecallServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** Small deterministic gRPC servers standing in for recall, rank and feature service (the real ones run in e2e-tests). */
final class FakeBackends {

  private FakeBackends() {}

  /** Recall: items i1..i{quota} in order. */
  static GrpcServer recall(int port) {
    return GrpcServer.start("fake-recall", "127.0.0.1", port, List.<BindableService>of(
        new RecallServiceGrpc.RecallServiceImplBase() {
          @Override
          public void recall(RecallRequest request, StreamObserver<RecallResponse> out) {
            RecallResponse.Builder b = RecallResponse.newBuilder();
            for (int i = 1; i <= request.getMatchers(0).getQuota(); i++) {
              b.addCandidates(ScoredItem.newBuilder().setItemId("i" + i).setScore(1.0 / i).setSource("popular"));
            }
            out.onNext(b.build());
            out.onCompleted();
          }
        }));
  }

  /** Rank: reverses the candidates. */
  static GrpcServer rank(int port) {
    return GrpcServer.start("fake-rank", "127.0.0.1", port, List.<BindableService>of(
        new RankServiceGrpc.RankServiceImplBase() {
          @Override
          public void rank(RankRequest request, StreamObserver<RankResponse> out) {
            RankResponse.Builder b = RankResponse.newBuilder().setModelVersion("lightgbm:1");
            List<String> ids = request.getCandidateItemIdsList();
            for (int i = ids.size() - 1; i >= 0; i--) {
              b.addItems(ScoredItem.newBuilder().setItemId(ids.get(i)).setScore(i).setSource("lightgbm"));
            }
            out.onNext(b.build());
            out.onCompleted();
          }
        }));
  }

  /**
   * Feature service: item attributes for the rerank layer. Item iN has category "c{N % 3}" and
   * year 1990 + N; unknown ids are reported missing.
   */
  static GrpcServer features(int port) {
    return GrpcServer.start("fake-features", "127.0.0.1", port, List.<BindableService>of(
        new dev.recsys.api.v1.FeatureServiceGrpc.FeatureServiceImplBase() {
          @Override
          public void getFeatures(dev.recsys.api.v1.GetFeaturesRequest request,
              StreamObserver<dev.recsys.api.v1.GetFeaturesResponse> out) {
            List<String> ids = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String k : request.getKeysList()) {
              (k.matches("i\\d+") ? ids : missing).add(k);
            }
            String[] categories = new String[ids.size()];
            int[] years = new int[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
              int n = Integer.parseInt(ids.get(i).substring(1));
              categories[i] = "c" + (n % 3);
              years[i] = 1990 + n;
            }
            dev.recsys.api.arrow.ColumnBatch batch = dev.recsys.api.arrow.ColumnBatch.of(
                dev.recsys.api.arrow.Column.ofStrings("item_id", ids.toArray(String[]::new)),
                dev.recsys.api.arrow.Column.ofStrings("category", categories),
                dev.recsys.api.arrow.Column.ofInts("year", years));
            out.onNext(dev.recsys.api.v1.GetFeaturesResponse.newBuilder()
                .setArrowBatch(com.google.protobuf.ByteString.copyFrom(dev.recsys.api.arrow.ArrowCodec.encode(batch)))
                .addAllMissingKeys(missing).build());
            out.onCompleted();
          }
        }));
  }

}
