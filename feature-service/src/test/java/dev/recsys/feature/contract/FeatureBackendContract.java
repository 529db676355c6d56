package dev.recsys.feature.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.Event;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.api.v1.GetRecentItemsRequest;
import dev.recsys.api.v1.IngestEventsRequest;
import dev.recsys.api.v1.UpsertFeaturesRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The feature service's behaviour, checked through its public APIs only (gRPC, plus the REST
 * events endpoint and the metrics), once per storage backend (STYLE 6). A subclass picks the
 * backend by pointing {@code spring.datasource.url} at it. These tests must keep passing,
 * unchanged, when the storage implementation behind the API is replaced.
 *
 * <p>Tests share one service and database per backend; each one uses keys of its own (see
 * {@link #key}), so they neither see each other's rows nor depend on their order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "recsys.feature.grpc-port=0",
    "recsys.feature.recent-items=5",
    "recsys.feature.max-keys=100",
    "recsys.feature.max-upsert-rows=1000",
    "recsys.feature.max-events=20",
    "recsys.feature.cache.default-ttl=60s",
    "recsys.feature.cache.ttl.item=30s"})
@Import(FeatureBackendContract.TickerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FeatureBackendContract {

  @TestConfiguration(proxyBeanMethods = false)
  static class TickerConfig {
    @Bean
    @Primary
    ManualTicker manualTicker() {
      return new ManualTicker();
    }
  }

  @Autowired GrpcServer grpcServer;
  @Autowired ManualTicker ticker;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int httpPort;

  ManagedChannel channel;
  FeatureServiceGrpc.FeatureServiceBlockingStub stub;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void connect() {
    channel = GrpcChannels.forTarget("127.0.0.1:" + grpcServer.port());
    stub = FeatureServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  void disconnect() {
    channel.shutdownNow();
  }

  // ---------------------------------------------------------------- GetFeatures

  @Test
  void getFeaturesAnswersInRequestOrderAndListsMissingKeys() {
    String a = key("item-a"), b = key("item-b"), nope = key("nope");
    upsert("item", strings("item_id", a, b), strings("category", "Drama", "Comedy"), ints("year", 1995, 2001),
        longs("clicks", 7, 0), longs("impressions", 20, 3));

    GetFeaturesResponse response = get("item", List.of(b, nope, a));

    ColumnBatch batch = decode(response);
    assertThat(batch.columns()).extracting(Column::name)
        .containsExactly("item_id", "category", "year", "clicks", "impressions");
    assertThat(values(batch, "item_id")).containsExactly(b, a);
    assertThat(values(batch, "category")).containsExactly("Comedy", "Drama");
    assertThat(values(batch, "year")).containsExactly(2001, 1995);
    assertThat(values(batch, "clicks")).containsExactly(0L, 7L);
    assertThat(values(batch, "impressions")).containsExactly(3L, 20L);
    assertThat(response.getMissingKeysList()).containsExactly(nope);
  }

  @Test
  void onlyMissingKeysGiveAnEmptyBatchWithTheRequestedColumns() {
    String x = key("x"), y = key("y");
    GetFeaturesResponse response = get("user", List.of(x, y), "age");
    ColumnBatch batch = decode(response);
    assertThat(batch.rowCount()).isZero();
    assertThat(batch.columns()).extracting(Column::name).containsExactly("user_id", "age");
    assertThat(response.getMissingKeysList()).containsExactly(x, y);
  }

  @Test
  void repeatedKeysAreAnsweredOnceAtTheirFirstPosition() {
    String a = key("a"), b = key("b"), nope = key("nope");
    upsert("item", strings("item_id", a, b), ints("year", 1, 2));

    GetFeaturesResponse response = get("item", List.of(a, nope, b, a, nope), "year");

    assertThat(values(decode(response), "item_id")).containsExactly(a, b);
    assertThat(values(decode(response), "year")).containsExactly(1, 2);
    assertThat(response.getMissingKeysList()).containsExactly(nope);
  }

  @Test
  void columnSubsetComesInRequestedOrderAfterTheKey() {
    String u = key("u");
    upsert("user", strings("user_id", u), strings("gender", "F"), ints("age", 25), ints("occupation", 3),
        longs("clicks", 4), longs("impressions", 10));

    ColumnBatch batch = decode(get("user", List.of(u), "impressions", "gender", "user_id", "age"));

    assertThat(batch.columns()).extracting(Column::name).containsExactly("user_id", "impressions", "gender", "age");
    assertThat(batch.column("impressions").get(0)).isEqualTo(10L);
    assertThat(batch.column("gender").get(0)).isEqualTo("F");
    assertThat(batch.column("age").get(0)).isEqualTo(25);
  }

  @Test
  void nullsStayNullInEveryColumnType() {
    String u = key("u"), v = key("v");
    upsert("user", strings("user_id", u, v), strings("gender", null, "M"),
        new Column("age", dev.recsys.api.arrow.ColumnType.INT32, 1, new int[] {0, 30}, new boolean[] {true, false}),
        new Column("clicks", dev.recsys.api.arrow.ColumnType.INT64, 1, new long[] {0, 0}, new boolean[] {true, false}));

    ColumnBatch batch = decode(get("user", List.of(u, v)));

    assertThat(values(batch, "gender")).containsExactly(null, "M");
    assertThat(values(batch, "age")).containsExactly(null, 30);
    assertThat(values(batch, "clicks")).containsExactly(null, 0L);
    // Columns the upsert did not carry are NULL on a new row, not 0 or "".
    assertThat(values(batch, "occupation")).containsExactly(null, null);
    assertThat(values(batch, "impressions")).containsExactly(null, null);
  }

  @Test
  void badReadsAreInvalidArgumentNamingTheProblem() {
    assertInvalid(() -> get("shop", List.of("x")), "unknown entity 'shop'", "[item, item_stat, user, user_recent_item]");
    assertInvalid(() -> get("item", List.of("x"), "colour"), "unknown column(s) [colour]");
    assertInvalid(() -> get("item", List.of()), "keys is empty");
    assertInvalid(() -> get("item", IntStream.range(0, 101).mapToObj(i -> "k" + i).toList()), "at most 100");
    assertInvalid(() -> stub.getRecentItems(GetRecentItemsRequest.newBuilder().setUserId("").build()), "user_id");
    assertInvalid(() -> stub.getRecentItems(GetRecentItemsRequest.newBuilder().setUserId("u").setLimit(6).build()),
        "limit must be 0 (default) to 5");
  }

  // ---------------------------------------------------------------- UpsertFeatures

  @Test
  void upsertChangesOnlyTheColumnsTheBatchCarries() {
    String a = key("a"), b = key("b");
    upsert("item", strings("item_id", a), strings("category", "Drama"), ints("year", 1995), longs("clicks", 7));

    int rows = upsert("item", strings("item_id", b, a), longs("clicks", 1, 8), strings("category", null, null));

    assertThat(rows).isEqualTo(2);
    ColumnBatch batch = decode(get("item", List.of(a, b)));
    assertThat(values(batch, "clicks")).containsExactly(8L, 1L);
    assertThat(values(batch, "year")).containsExactly(1995, null);
    // A null in the batch is a value: it clears the column.
    assertThat(values(batch, "category")).containsExactly(null, null);
  }

  @Test
  void upsertOfARepeatedKeyKeepsTheLastRow() {
    String a = key("a");
    int rows = upsert("item", strings("item_id", a, a, a), ints("year", 1, 2, 3));
    assertThat(rows).isEqualTo(3);
    assertThat(values(decode(get("item", List.of(a))), "year")).containsExactly(3);
  }

  @Test
  void upsertOfTheMaximumRowCountWorksAndOneMoreIsRefused() {
    String[] keys = IntStream.range(0, 1000).mapToObj(i -> key("bulk-" + i)).toArray(String[]::new);
    long[] clicks = IntStream.range(0, 1000).mapToLong(i -> i).toArray();

    assertThat(upsert("item", Column.ofStrings("item_id", keys), Column.ofLongs("clicks", clicks))).isEqualTo(1000);
    ColumnBatch batch = decode(get("item", List.of(keys[0], keys[500], keys[999]), "clicks"));
    assertThat(values(batch, "clicks")).containsExactly(0L, 500L, 999L);

    String[] tooMany = Arrays.copyOf(keys, 1001);
    tooMany[1000] = key("one-more");
    assertInvalid(() -> upsert("item", Column.ofStrings("item_id", tooMany)),
        "arrow_batch has 1001 rows; at most 1000 per call");
  }

  @Test
  void upsertRefusesUnknownColumnsNamingThem() {
    assertInvalid(() -> upsert("item", strings("item_id", key("a")), strings("colour", "red"), ints("size", 3)),
        "unknown column(s) [colour, size]", "entity 'item'", "known columns: [item_id, category, year, clicks, impressions]");
  }

  @Test
  void upsertRefusesAMissingKeyColumnAndBadKeys() {
    assertInvalid(() -> upsert("item", strings("category", "Drama")), "lacks the key column 'item_id'");
    assertInvalid(() -> upsert("item", strings("item_id", key("a"), null)), "row 1", "key 'item_id'", "null");
    assertInvalid(() -> upsert("item", strings("item_id", "")), "row 0", "key 'item_id'");
    assertInvalid(() -> upsert("item", strings("item_id", "k".repeat(129))), "row 0", "1 to 128 characters");
  }

  @Test
  void upsertRefusesWrongTypesNamingColumnExpectedAndActual() {
    assertInvalid(() -> upsert("item", strings("item_id", key("a")), longs("year", 1995)),
        "column 'year' has type INT64", "expects INT32");
    assertInvalid(() -> upsert("user", strings("user_id", key("u")), Column.ofDoubles("age", new double[] {3.5})),
        "column 'age' has type FLOAT64", "expects INT32");
  }

  @Test
  void upsertRefusesUnknownEntitiesAndUnreadablePayloads() {
    assertInvalid(() -> stub.upsertFeatures(UpsertFeaturesRequest.newBuilder().setEntity("shop")
        .setArrowBatch(ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(strings("shop_id", "s"))))).build()),
        "unknown entity 'shop'");
    assertInvalid(() -> stub.upsertFeatures(UpsertFeaturesRequest.newBuilder().setEntity("item")
        .setArrowBatch(ByteString.copyFromUtf8("not arrow")).build()), "arrow_batch");
    assertInvalid(() -> stub.upsertFeatures(UpsertFeaturesRequest.newBuilder().setEntity("item").build()),
        "arrow_batch", "empty payload");
  }

  @Test
  void upsertIsAllOrNothing() {
    String a = key("a"), b = key("b");
    // The second row's category is longer than the table holds: the call fails and the first
    // row, written before the failure in the same call, is not kept either.
    assertInvalid(() -> upsert("item", strings("item_id", a, b), strings("category", "Drama", "x".repeat(300))),
        "nothing was written");
    assertThat(get("item", List.of(a, b)).getMissingKeysList()).containsExactly(a, b);
  }

  // ---------------------------------------------------------------- IngestEvents

  @Test
  void aClickPutsTheItemFirstAndCountsForUserAndItem() {
    String u = key("u"), old = key("old"), fresh = key("fresh");
    upsert("user", strings("user_id", u), ints("age", 40), longs("clicks", 10), longs("impressions", 100));
    ingest(click(u, old, 1_000), click(u, fresh, 2_000));

    assertThat(recent(u)).containsExactly(fresh, old);
    ColumnBatch user = decode(get("user", List.of(u)));
    assertThat(user.column("clicks").get(0)).isEqualTo(12L);
    assertThat(user.column("impressions").get(0)).isEqualTo(100L);
    assertThat(user.column("age").get(0)).isEqualTo(40);
    // An item first seen in an event gets a row holding just its counters.
    ColumnBatch item = decode(get("item", List.of(fresh)));
    assertThat(item.column("clicks").get(0)).isEqualTo(1L);
    assertThat(item.column("impressions").get(0)).isEqualTo(0L);
    assertThat(item.column("category").get(0)).isNull();
  }

  @Test
  void anImpressionCountsImpressionsOnly() {
    String u = key("u"), i = key("i");
    upsert("item", strings("item_id", i), longs("clicks", 5), longs("impressions", 50));
    ingest(impression(u, i, 1_000), impression(u, i, 1_001), impression(u, i, 1_002));

    assertThat(recent(u)).isEmpty();
    ColumnBatch item = decode(get("item", List.of(i)));
    assertThat(item.column("clicks").get(0)).isEqualTo(5L);
    assertThat(item.column("impressions").get(0)).isEqualTo(53L);
    ColumnBatch user = decode(get("user", List.of(u)));
    assertThat(user.column("impressions").get(0)).isEqualTo(3L);
    assertThat(user.column("clicks").get(0)).isEqualTo(0L);
  }

  @Test
  void recentItemsKeepTheNewestAndAReclickMovesAnItemUp() {
    String u = key("u");
    List<String> items = IntStream.rangeClosed(1, 7).mapToObj(n -> key("i" + n)).toList();
    for (int n = 0; n < items.size(); n++) {
      ingest(click(u, items.get(n), 1_000L * (n + 1)));
    }
    // recent-items is 5 in this suite: the two oldest are gone.
    assertThat(recent(u)).containsExactly(items.get(6), items.get(5), items.get(4), items.get(3), items.get(2));

    ingest(click(u, items.get(2), 10_000));
    // A late event (older than what is stored) does not move an item back.
    ingest(click(u, items.get(5), 500));
    assertThat(recent(u)).containsExactly(items.get(2), items.get(6), items.get(5), items.get(4), items.get(3));
    assertThat(stub.getRecentItems(GetRecentItemsRequest.newBuilder().setUserId(u).setLimit(2).build())
        .getItemIdsList()).containsExactly(items.get(2), items.get(6));
  }

  @Test
  void badEventsNameTheIndexAndFieldAndNothingIsApplied() {
    String u = key("u"), i = key("i");
    Event good = click(u, i, 1_000);
    assertInvalid(() -> ingest(good, click(u, i, 1_001).toBuilder().setType("view").build()),
        "events[1].type", "'impression' or 'click'", "'view'");
    assertInvalid(() -> ingest(good, click("", i, 1_000)), "events[1].user_id");
    assertInvalid(() -> ingest(good, good, click(u, "", 1_000)), "events[2].item_id");
    assertInvalid(() -> ingest(click(u, "x".repeat(129), 1)), "events[0].item_id", "1 to 128 characters");
    assertInvalid(() -> ingest(click(u, i, 0)), "events[0].timestamp_ms", "positive");
    Event[] tooMany = new Event[21];
    Arrays.fill(tooMany, good);
    assertInvalid(() -> ingest(tooMany), "events", "21 events; at most 20");

    assertThat(recent(u)).isEmpty();
    assertThat(get("user", List.of(u)).getMissingKeysList()).containsExactly(u);
    assertThat(get("item", List.of(i)).getMissingKeysList()).containsExactly(i);
  }

  @Test
  void recallSeesAClickWithinOneSecond() {
    String u = key("u"), i = key("i");
    assertThat(recent(u)).isEmpty(); // a read first, so a cache (if any) holds the empty list

    long start = System.nanoTime();
    ingest(click(u, i, System.currentTimeMillis()));
    List<String> seen = recent(u);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(seen).containsExactly(i);
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void concurrentEventsForTheSameNewKeysAreAllCounted() throws Exception {
    String u = key("u"), i = key("i");
    int threads = 8, callsPerThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int n = 0; n < callsPerThread; n++) {
            // All start on keys without rows: concurrent inserts of one new key must not lose counts.
            ingest(click(u, i, 1_000L + thread * 100 + n), impression(u, i, 1_000));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = threads * callsPerThread;
    ColumnBatch user = decode(get("user", List.of(u)));
    assertThat(user.column("clicks").get(0)).isEqualTo(total);
    assertThat(user.column("impressions").get(0)).isEqualTo(total);
    assertThat(decode(get("item", List.of(i))).column("clicks").get(0)).isEqualTo(total);
    assertThat(recent(u)).containsExactly(i);
  }

  // ---------------------------------------------------------------- cache

  @Test
  void everyWriteIsVisibleToTheNextReadDespiteTheCache() {
    String u = key("u"), i = key("i"), nope = key("nope");
    upsert("item", strings("item_id", i), strings("category", "Drama"));
    assertThat(decode(get("item", List.of(i))).column("category").get(0)).isEqualTo("Drama");
    assertThat(get("item", List.of(nope)).getMissingKeysList()).containsExactly(nope);
    assertThat(get("user", List.of(u)).getMissingKeysList()).containsExactly(u);

    upsert("item", strings("item_id", i, nope), strings("category", "Comedy", "Horror"));
    ColumnBatch items = decode(get("item", List.of(i, nope)));
    assertThat(values(items, "category")).containsExactly("Comedy", "Horror");

    ingest(click(u, i, 1_000));
    assertThat(decode(get("user", List.of(u))).column("clicks").get(0)).isEqualTo(1L);
    assertThat(decode(get("item", List.of(i))).column("clicks").get(0)).isEqualTo(1L);
  }

  @Test
  void aWriteMadeElsewhereShowsOnceTheTtlHasPassed() {
    String i = key("i");
    upsert("item", strings("item_id", i), strings("category", "Drama"));
    assertThat(category(i)).isEqualTo("Drama");

    writeBehindTheServicesBack(i, "Comedy");
    // Within the TTL (30 s for items in this suite) the cached row is served...
    ticker.advance(Duration.ofSeconds(29));
    assertThat(category(i)).isEqualTo("Drama");
    // ...and once it has passed, the row is read again.
    ticker.advance(Duration.ofSeconds(2));
    assertThat(category(i)).isEqualTo("Comedy");
  }

  @Test
  void cacheStatisticsArePublished() throws Exception {
    String i = key("i");
    get("item", List.of(i));
    get("item", List.of(i));
    HttpResponse<String> prom = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(prom.statusCode()).isEqualTo(200);
    assertThat(prom.body()).contains("cache_gets_total{cache=\"feature.item\"")
        .contains("cache_gets_total{cache=\"feature.user\"")
        .contains("cache_gets_total{cache=\"feature.recent-items\"")
        .contains("recsys_feature_events_total");
  }

  // ---------------------------------------------------------------- REST events

  @Test
  void restEventsAreAppliedLikeGrpcEvents() throws Exception {
    String u = key("u"), i = key("i");
    HttpResponse<String> ok = postEvents("[{\"userId\":\"" + u + "\",\"itemId\":\"" + i
        + "\",\"type\":\"click\",\"timestampMs\":1000},{\"userId\":\"" + u + "\",\"itemId\":\"" + i
        + "\",\"type\":\"impression\",\"timestampMs\":999}]");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"accepted\":2");
    assertThat(recent(u)).containsExactly(i);
    assertThat(decode(get("item", List.of(i))).column("impressions").get(0)).isEqualTo(1L);
  }

  @Test
  void badRestEventsAreProblemJsonNamingTheField() throws Exception {
    HttpResponse<String> bad = postEvents("[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"timestampMs\":1},"
        + "{\"userId\":\"u\",\"itemId\":\"\",\"type\":\"click\",\"timestampMs\":1}]");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(bad.body()).contains("\"field\":\"events[1].itemId\"");

    HttpResponse<String> malformed = postEvents("{\"userId\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(malformed.body()).contains("JSON array");
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Changes an item's category directly in the database, as another replica or a bulk load
   * would. The only place in this suite that knows the table layout.
   */
  void writeBehindTheServicesBack(String itemId, String category) {
    int updated = jdbc.update("UPDATE item_features SET category = ? WHERE item_id = ?", category, itemId);
    assertThat(updated).isEqualTo(1);
  }

  /** A key unique to the calling test, so tests sharing a database stay independent. */
  static String key(String name) {
    // The nearest frame of this suite that is neither this helper nor a lambda: the test method.
    String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(s -> s
        .filter(f -> FeatureBackendContract.class.isAssignableFrom(f.getDeclaringClass()))
        .map(StackWalker.StackFrame::getMethodName)
        .filter(m -> !m.equals("key") && !m.startsWith("lambda$"))
        .findFirst().orElseThrow());
    return test + ":" + name;
  }

  String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  HttpResponse<String> postEvents(String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/events"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int upsert(String entity, Column... columns) {
    return stub.upsertFeatures(UpsertFeaturesRequest.newBuilder().setEntity(entity)
        .setArrowBatch(ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(columns)))).build()).getRows();
  }

  GetFeaturesResponse get(String entity, List<String> keys, String... columns) {
    return stub.getFeatures(GetFeaturesRequest.newBuilder().setEntity(entity).addAllKeys(keys)
        .addAllColumns(List.of(columns)).build());
  }

  String category(String itemId) {
    return (String) decode(get("item", List.of(itemId), "category")).column("category").get(0);
  }

  List<String> recent(String userId) {
    return stub.getRecentItems(GetRecentItemsRequest.newBuilder().setUserId(userId).build()).getItemIdsList();
  }

  int ingest(Event... events) {
    return stub.ingestEvents(IngestEventsRequest.newBuilder().addAllEvents(List.of(events)).build()).getAccepted();
  }

  static Event click(String user, String item, long ts) {
    return Event.newBuilder().setUserId(user).setItemId(item).setType("click").setTimestampMs(ts).build();
  }

  static Event impression(String user, String item, long ts) {
    return Event.newBuilder().setUserId(user).setItemId(item).setType("impression").setTimestampMs(ts).build();
  }

  static ColumnBatch decode(GetFeaturesResponse response) {
    return ArrowCodec.decode(response.getArrowBatch().toByteArray(), "GetFeatures response");
  }

  static List<Object> values(ColumnBatch batch, String column) {
    Column c = batch.column(column);
    List<Object> out = new ArrayList<>();
    for (int r = 0; r < batch.rowCount(); r++) {
      out.add(c.get(r));
    }
    return out;
  }

  static Column strings(String name, String... values) {
    return Column.ofStrings(name, values);
  }

  static Column ints(String name, int... values) {
    return Column.ofInts(name, values);
  }

  static Column longs(String name, long... values) {
    return Column.ofLongs(name, values);
  }

  static void assertInvalid(Runnable call, String... fragments) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains(fragments);
    });
  }
}
