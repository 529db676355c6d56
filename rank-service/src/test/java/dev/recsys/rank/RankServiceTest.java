package dev.recsys.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.api.v1.PredictRequest;
import dev.recsys.api.v1.PredictResponse;
import dev.recsys.api.v1.RankRequest;
import dev.recsys.api.v1.RankResponse;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import dev.recsys.offline.OfflinePipeline;
import dev.recsys.offline.data.Size;
import dev.recsys.transform.CsvTables;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.ModelInput;
import dev.recsys.transform.RankFeatureEncoder;
import dev.recsys.transform.TableSchema;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rank and Predict against a LightGBM model the offline jobs trained on small demo data. The
 * feature rows come from a loopback gRPC server that serves the materialized feature CSVs; the
 * real feature service is exercised in e2e-tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RankServiceTest {

  static Path data;
  static ColumnBatch users;
  static ColumnBatch items;
  static GrpcServer features;

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws IOException {
    data = Files.createTempDirectory("rank").resolve("data");
    OfflinePipeline.demo(data, Size.SMALL, 7);
    users = CsvTables.read(data.resolve("features/users.csv"), FeatureTables.USER);
    items = CsvTables.read(data.resolve("features/items.csv"), FeatureTables.ITEM);
    features = GrpcServer.start("test-features", "127.0.0.1", 0, List.of(new FeatureServiceGrpc.FeatureServiceImplBase() {
      @Override
      public void getFeatures(GetFeaturesRequest request, StreamObserver<GetFeaturesResponse> out) {
        TableSchema schema = FeatureTables.byEntity(request.getEntity());
        ColumnBatch all = schema == FeatureTables.USER ? users : items;
        List<String[]> rows = new ArrayList<>();
        List<String> keys = Arrays.asList((String[]) all.columns().get(0).values());
        for (String key : request.getKeysList()) {
          int r = keys.indexOf(key);
          if (r >= 0) {
            String[] row = new String[all.columns().size()];
            for (int c = 0; c < row.length; c++) {
              Object v = all.columns().get(c).get(r);
              row[c] = v == null ? "" : v.toString();
            }
            rows.add(row);
          }
        }
        out.onNext(GetFeaturesResponse.newBuilder()
            .setArrowBatch(ByteString.copyFrom(ArrowCodec.encode(CsvTables.toBatch(schema, rows)))).build());
        out.onCompleted();
      }
    }));
    registry.add("recsys.rank.models-dir", () -> data.resolve("models").toString());
    registry.add("recsys.rank.feature-service", () -> "127.0.0.1:" + features.port());
    registry.add("recsys.rank.grpc-port", () -> "0");
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    features.close();
  }

  @Autowired GrpcServer server;
  static ManagedChannel channel;

  RankServiceGrpc.RankServiceBlockingStub stub() {
    if (channel == null) {
      channel = GrpcChannels.forTarget("127.0.0.1:" + server.port());
    }
    return RankServiceGrpc.newBlockingStub(channel);
  }

  static String user(int row) {
    return ((String[]) users.column("user_id").values())[row];
  }

  static List<String> itemIds(int n) {
    return Arrays.asList((String[]) items.column("item_id").values()).subList(0, n);
  }

  @Test
  void ranksCandidatesByDescendingModelScore() {
    List<String> candidates = new ArrayList<>(itemIds(40));
    candidates.add("never-seen-item");
    RankResponse r = stub().rank(RankRequest.newBuilder().setUserId(user(3)).addAllCandidateItemIds(candidates).build());
    assertThat(r.getItemsList()).extracting(ScoredItem::getItemId).containsExactlyInAnyOrderElementsOf(candidates);
    double[] scores = r.getItemsList().stream().mapToDouble(ScoredItem::getScore).toArray();
    for (int i = 1; i < scores.length; i++) {
      assertThat(scores[i]).isLessThanOrEqualTo(scores[i - 1]);
    }
    assertThat(scores[0]).isGreaterThan(scores[scores.length - 1]);
    assertThat(r.getModelVersion()).isEqualTo("lightgbm:1");
  }

  @Test
  void predictOnTheSameRowsGivesTheSameScoresAsRank() {
    // Rank hydrates and encodes inside the service; Predict gets the encoded rows from us.
    List<String> candidates = itemIds(10);
    RankResponse ranked = stub().rank(RankRequest.newBuilder().setUserId(user(5)).addAllCandidateItemIds(candidates).build());
    ModelInput input = RankFeatureEncoder.input();
    float[][] byFeature = new float[input.width()][candidates.size()];
    float[] row = new float[input.width()];
    RankFeatureEncoder.Bound enc = RankFeatureEncoder.bind(users, items);
    for (int c = 0; c < candidates.size(); c++) {
      enc.encode(5, c, row, 0);
      for (int f = 0; f < row.length; f++) {
        byFeature[f][c] = row[f];
      }
    }
    List<Column> columns = new ArrayList<>();
    for (int f = 0; f < input.width(); f++) {
      columns.add(Column.ofFloats(input.featureNames().get(f), byFeature[f]));
    }
    PredictResponse p = stub().predict(PredictRequest.newBuilder().setModelName("lightgbm")
        .putArrowPayload("features", ByteString.copyFrom(ArrowCodec.encode(new ColumnBatch(candidates.size(), columns))))
        .build());
    double[] predicted = (double[]) ArrowCodec.decode(p.getArrowScores().toByteArray(), "scores").column("score").values();
    for (ScoredItem item : ranked.getItemsList()) {
      assertThat(predicted[candidates.indexOf(item.getItemId())]).isEqualTo(item.getScore());
    }
  }

  @Test
  void predictAcceptsOneTensorColumn() {
    int width = RankFeatureEncoder.input().width();
    float[] rows = new float[2 * width];
    RankFeatureEncoder.bind(users, items).encode(0, 0, rows, 0);
    RankFeatureEncoder.bind(users, items).encode(0, 1, rows, width);
    PredictResponse p = stub().predict(PredictRequest.newBuilder()
        .putArrowPayload("features", ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(Column.ofTensor("features", rows, width)))))
        .build());
    assertThat(ArrowCodec.decode(p.getArrowScores().toByteArray(), "scores").rowCount()).isEqualTo(2);
  }

  @Test
  void badRankAndPredictRequestsAreInvalidArgument() {
    assertInvalid(() -> stub().rank(RankRequest.newBuilder().setUserId("u").setModel("widedeep").addCandidateItemIds("i").build()),
        "unknown model 'widedeep'; served models: [lightgbm]");
    assertInvalid(() -> stub().rank(RankRequest.newBuilder().setUserId("u").build()), "candidate_item_ids must hold 1 to 1000");
    assertInvalid(() -> stub().rank(RankRequest.newBuilder().setUserId("").addCandidateItemIds("i").build()), "user_id must be");
    assertInvalid(() -> stub().predict(PredictRequest.newBuilder().build()), "arrow_payload has no 'features' entry");
    assertInvalid(() -> stub().predict(PredictRequest.newBuilder()
        .putArrowPayload("features", ByteString.copyFromUtf8("definitely not arrow")).build()),
        "Predict arrow_payload['features']: not a readable Arrow IPC stream");
    assertInvalid(() -> stub().predict(PredictRequest.newBuilder()
        .putArrowPayload("features", ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(Column.ofFloats("user_age", new float[] {30})))))
        .build()), "lacks column(s) [user_gender");
    assertInvalid(() -> stub().predict(PredictRequest.newBuilder()
        .putArrowPayload("features", ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(Column.ofTensor("features", new float[3], 3)))))
        .build()), "tensor column 'features' has width 3");
  }

  private static void assertInvalid(Runnable call, String expected) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains(expected);
    });
  }

  @Test
  void modelsWithTheWrongChecksumOrSignatureAreRefused() throws IOException {
    Path copy = Files.createTempDirectory("models");
    Path v = Files.createDirectories(copy.resolve("lightgbm/2"));
    Files.copy(data.resolve("models/lightgbm/1/model.txt"), v.resolve("model.txt"));
    String meta = Files.readString(data.resolve("models/lightgbm/1/metadata.json"));
    Files.writeString(v.resolve("metadata.json"), meta.replaceAll("\"sha256\": *\"[0-9a-f]+\"", "\"sha256\": \"00\""));
    var props = new dev.recsys.rank.config.RankProperties(copy, "lightgbm", "127.0.0.1:1", 100, 1000, "127.0.0.1", 0, null);
    assertThatThrownBy(() -> new dev.recsys.rank.model.ModelCatalog(props))
        .hasMessageContaining("sha256").hasMessageContaining("differs from metadata.json");
    Files.writeString(v.resolve("metadata.json"), meta.replace("\"rank-v1\"", "\"rank-v0\""));
    assertThatThrownBy(() -> new dev.recsys.rank.model.ModelCatalog(props))
        .hasMessageContaining("input signature rank-v0").hasMessageContaining("retrain the model");
    assertThatThrownBy(() -> new dev.recsys.rank.model.ModelCatalog(
        new dev.recsys.rank.config.RankProperties(copy.resolve("nope"), "lightgbm", "x:1", 1, 1, "127.0.0.1", 0, null)))
        .hasMessageContaining("is not a directory");
  }
}
