package dev.recsys.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.api.v1.GetRecentItemsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeatureServiceTest {

  static Path dataDir;

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws IOException {
    dataDir = Files.createTempDirectory("features");
    Files.createDirectories(dataDir.resolve("features"));
    Files.writeString(dataDir.resolve("features/users.csv"),
        "user_id,gender,age,occupation,clicks,impressions\nu1,F,25,3,4,10\nu2,,,,0,0\n");
    Files.writeString(dataDir.resolve("features/items.csv"),
        "item_id,category,year,clicks,impressions\ni1,Drama,1995,7,20\ni2,Comedy,2001,0,3\n");
    Files.writeString(dataDir.resolve("interactions.csv"),
        "user_id,item_id,timestamp,rating,label\nu1,i1,100,,1\nu1,i2,200,,1\nu1,i3,300,,0\n");
    registry.add("recsys.feature.import-dir", dataDir::toString);
    registry.add("recsys.feature.grpc-port", () -> "0");
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:features-test;DB_CLOSE_DELAY=-1");
  }

  @Autowired GrpcServer grpcServer;
  @Autowired dev.recsys.feature.generated.ItemStatFeaturesRepository itemStats;
  @LocalServerPort int httpPort;

  static ManagedChannel channel;

  FeatureServiceGrpc.FeatureServiceBlockingStub stub() {
    if (channel == null) {
      channel = GrpcChannels.forTarget("127.0.0.1:" + grpcServer.port());
    }
    return FeatureServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  @Test
  void returnsRowsInRequestOrderAndReportsMissingKeys() {
    GetFeaturesResponse response = stub().getFeatures(GetFeaturesRequest.newBuilder()
        .setEntity("item").addKeys("i2").addKeys("nope").addKeys("i1").build());
    ColumnBatch batch = ArrowCodec.decode(response.getArrowBatch().toByteArray(), "test");
    assertThat(batch.rowCount()).isEqualTo(2);
    assertThat(batch.column("item_id").get(0)).isEqualTo("i2");
    assertThat(batch.column("item_id").get(1)).isEqualTo("i1");
    assertThat(batch.column("year").get(1)).isEqualTo(1995);
    assertThat(batch.column("clicks").get(1)).isEqualTo(7L);
    assertThat(response.getMissingKeysList()).containsExactly("nope");
  }

  @Test
  void nullableColumnsStayNull() {
    GetFeaturesResponse response = stub().getFeatures(GetFeaturesRequest.newBuilder()
        .setEntity("user").addKeys("u2").addColumns("age").addColumns("gender").build());
    ColumnBatch batch = ArrowCodec.decode(response.getArrowBatch().toByteArray(), "test");
    assertThat(batch.columns()).extracting(c -> c.name()).containsExactly("user_id", "age", "gender");
    assertThat(batch.column("age").isNull(0)).isTrue();
    assertThat(batch.column("gender").isNull(0)).isTrue();
  }

  @Test
  void badRequestsAreInvalidArgumentWithANamedProblem() {
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("shop").addKeys("x").build(), "unknown entity 'shop'");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("item").addKeys("i1").addColumns("colour").build(),
        "unknown column(s) [colour]");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("item").build(), "keys is empty");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("item").addAllKeys(Collections.nCopies(1001, "i1")).build(),
        "at most 1000");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("item").addKeys("x".repeat(129)).build(), "keys[0]");
  }

  private void assertInvalid(GetFeaturesRequest request, String expected) {
    assertThatThrownBy(() -> stub().getFeatures(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains(expected);
        });
  }

  @Test
  void recentItemsAreNewestFirstPositivesOnly() {
    List<String> items = stub().getRecentItems(GetRecentItemsRequest.newBuilder().setUserId("u1").build()).getItemIdsList();
    assertThat(items).containsExactly("i2", "i1");
  }

  @Test
  void grpcHealthServiceServes() {
    stub();
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService("recsys.v1.FeatureService").build());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void restViewAndActuatorWork() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> row = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/features/item/i1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(row.statusCode()).isEqualTo(200);
    assertThat(row.body()).contains("\"category\":\"Drama\"");
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/features/item/zzz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    HttpResponse<String> prom = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(prom.statusCode()).isEqualTo(200);
    assertThat(prom.body()).contains("jvm_memory_used_bytes");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).contains("UP");
  }

  @Test
  void catalogEntitiesServeEveryColumnTypeThroughTheGeneratedReader() throws Exception {
    var row = new dev.recsys.feature.generated.ItemStatFeatures();
    row.setItemId("i1");
    row.setClicks7d(3L);
    row.setCtr7d(0.25);
    row.setLastClickAt(java.time.Instant.parse("2026-11-20T10:15:30Z"));
    row.setTags(List.of("new", "drama"));
    row.setClicksBySegment(java.util.Map.of("young", 2L));
    float[] embedding = new float[16];
    embedding[3] = 1.5f;
    row.setEmbedding(embedding);
    itemStats.save(row);

    GetFeaturesResponse response = stub().getFeatures(GetFeaturesRequest.newBuilder()
        .setEntity("item_stat").addKeys("i1").addKeys("i9").addColumns("embedding").addColumns("tags").build());
    assertThat(response.getMissingKeysList()).containsExactly("i9");
    try (var allocator = new org.apache.arrow.memory.RootAllocator();
        var reader = new org.apache.arrow.vector.ipc.ArrowStreamReader(
            new java.io.ByteArrayInputStream(response.getArrowBatch().toByteArray()), allocator)) {
      assertThat(reader.loadNextBatch()).isTrue();
      var root = reader.getVectorSchemaRoot();
      assertThat(root.getSchema().getFields()).extracting(f -> f.getName()).containsExactly("item_id", "embedding", "tags");
      assertThat(root.getRowCount()).isEqualTo(1);
      assertThat(root.getVector("tags").getObject(0).toString()).isEqualTo("[\"new\",\"drama\"]");
      assertThat(((java.util.List<?>) root.getVector("embedding").getObject(0)).get(3)).isEqualTo(1.5f);
    }
  }

  @Test
  void compositeKeysAreJoinedWithABarAndBadOnesAreInvalidArgument() {
    GetFeaturesResponse response = stub().getFeatures(GetFeaturesRequest.newBuilder()
        .setEntity("user_recent_item").addKeys("u1|i1").addKeys("u1|nope").build());
    assertThat(ArrowCodec.decode(response.getArrowBatch().toByteArray(), "test").rowCount()).isEqualTo(1);
    assertThat(response.getMissingKeysList()).containsExactly("u1|nope");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("user_recent_item").addKeys("u1").build(), "u1");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("item_stat").addKeys("i1").addColumns("colour").build(), "colour");
    assertInvalid(GetFeaturesRequest.newBuilder().setEntity("shop").addKeys("x").build(),
        "known entities: [item, item_stat, user, user_recent_item]");
  }
}
