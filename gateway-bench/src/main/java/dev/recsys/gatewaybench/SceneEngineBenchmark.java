package dev.recsys.gatewaybench;

import com.google.protobuf.ByteString;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.grpc.GrpcServer;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.api.v1.RankRequest;
import dev.recsys.api.v1.RankResponse;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.RecallRequest;
import dev.recsys.api.v1.RecallResponse;
import dev.recsys.api.v1.RecallServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import dev.recsys.experiment.ConfigHolder;
import dev.recsys.experiment.ConfigParser;
import dev.recsys.experiment.SceneEngine;
import dev.recsys.experiment.SceneExperiment;
import dev.recsys.experiment.SceneResult;
import dev.recsys.gateway.config.GatewayProperties;
import dev.recsys.gateway.downstream.Downstreams;
import dev.recsys.gateway.experiments.MmrRerank;
import dev.recsys.gateway.experiments.ModelRank;
import dev.recsys.gateway.experiments.NoRerank;
import dev.recsys.gateway.experiments.PopularFallback;
import dev.recsys.gateway.experiments.PopularMatch;
import dev.recsys.gateway.experiments.RecallOrderRank;
import dev.recsys.gateway.rerank.ItemAttributes;
import dev.recsys.gateway.scene.RecState;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The gateway's own cost per recommend request: the scene engine running the bundled home scene
 * (match -> rank -> rerank) through the real experiment beans, Downstreams with its deadlines,
 * bulkheads and circuit breakers, and real gRPC clients, against fake recall, rank and feature
 * servers in the same JVM that answer at once. What is measured is therefore everything the
 * gateway adds, protobuf and Arrow serialization included, with the backends' own work taken out;
 * with {@code transport=loopback} also the network stack's round trips (three per request). The
 * HTTP layer (Netty, JSON) is not included.
 *
 * <p>{@code arms}: {@code bundled} follows the bundled config's split (90/10 rank arms, 50/50
 * rerank); {@code mmr} forces the heaviest path (model rank and MMR rerank).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SceneEngineBenchmark {

  @Param({"bundled", "mmr"})
  public String arms;

  /** {@code inprocess}: gRPC's in-process transport, no sockets; {@code loopback}: Netty over 127.0.0.1. */
  @Param({"inprocess", "loopback"})
  public String transport;

  private GrpcServer recall;
  private GrpcServer rank;
  private GrpcServer features;
  private Downstreams downstreams;
  private SceneEngine<RecState> engine;
  private final AtomicLong user = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    recall = server("bench-recall", new Recall());
    rank = server("bench-rank", new Rank());
    features = server("bench-features", new Features());
    GatewayProperties props = new GatewayProperties(null, target(recall, "bench-recall"), target(rank, "bench-rank"),
        300, 500, 500, 128, new GatewayProperties.Resilience(20, 10, 50, 2000, 3, 64), null, 1000, null, null,
        target(features, "bench-features"), 150, 300, List.of());
    downstreams = new Downstreams(props, new SimpleMeterRegistry());
    ItemAttributes attributes = new ItemAttributes(downstreams, props);
    List<SceneExperiment<RecState>> beans = List.of(new PopularMatch(downstreams, new PopularFallback()),
        new ModelRank(downstreams), new RecallOrderRank(), new MmrRerank(attributes), new NoRerank());
    Map<String, SceneExperiment<RecState>> experiments = SceneEngine.discover(beans);
    String yaml;
    try (var in = PopularMatch.class.getResourceAsStream("/experiments.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ConfigHolder holder = new ConfigHolder(ConfigParser.parse(yaml, "bundled", SceneEngine.paramSpecs(experiments)),
        SceneEngine.paramSpecs(experiments));
    engine = new SceneEngine<>(holder, experiments);
    // The very first calls pay for class loading and Arrow's allocator and can miss the 150 ms
    // feature deadline (degraded, by design); JMH's warm-up must start from a working gateway.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int clean = 0;
    while (clean < 200 && System.nanoTime() < deadline) {
      String u = Long.toString(user.incrementAndGet());
      boolean degraded = !engine.run("home", u, RecState.start("warm-" + u, "home", u, 10),
          Map.of("rank", "lightgbm", "rerank", "mmr")).state().degraded().isEmpty();
      clean = degraded ? 0 : clean + 1;
    }
  }

  private GrpcServer server(String name, BindableService service) {
    return transport.equals("inprocess") ? GrpcServer.startInProcess(name, List.of(service))
        : GrpcServer.start(name, "127.0.0.1", 0, List.of(service));
  }

  private String target(GrpcServer server, String name) {
    return transport.equals("inprocess") ? GrpcChannels.IN_PROCESS + name : "127.0.0.1:" + server.port();
  }

  @Benchmark
  public SceneResult<RecState> recommend() throws Exception {
    String u = Long.toString(user.incrementAndGet() % 50_000);
    Map<String, String> forced = arms.equals("mmr") ? Map.of("rank", "lightgbm", "rerank", "mmr") : Map.of();
    SceneResult<RecState> r = engine.run("home", u, RecState.start("bench-" + u, "home", u, 10), forced);
    if (!r.state().degraded().isEmpty()) {
      throw new IllegalStateException("a fake backend failed: " + r.state().degraded());
    }
    return r;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    recall.close();
    rank.close();
    features.close();
  }

  /** {@code quota} items, i1 first. */
  static final class Recall extends RecallServiceGrpc.RecallServiceImplBase {
    @Override
    public void recall(RecallRequest request, StreamObserver<RecallResponse> out) {
      RecallResponse.Builder b = RecallResponse.newBuilder();
      for (int i = 1; i <= request.getMatchers(0).getQuota(); i++) {
        b.addCandidates(ScoredItem.newBuilder().setItemId("i" + i).setScore(1.0 / i).setSource("popular"));
      }
      out.onNext(b.build());
      out.onCompleted();
    }
  }

  /** Scores each candidate by a hash of its id: an order unlike recall's. */
  static final class Rank extends RankServiceGrpc.RankServiceImplBase {
    @Override
    public void rank(RankRequest request, StreamObserver<RankResponse> out) {
      RankResponse.Builder b = RankResponse.newBuilder().setModelVersion("bench:1");
      request.getCandidateItemIdsList().stream()
          .sorted((x, y) -> Integer.compare(Integer.rotateLeft(y.hashCode(), 7), Integer.rotateLeft(x.hashCode(), 7)))
          .forEach(id -> b.addItems(ScoredItem.newBuilder().setItemId(id).setScore((id.hashCode() & 0xffff) / 65536.0)
              .setSource("bench")));
      out.onNext(b.build());
      out.onCompleted();
    }
  }

  /** 18 categories, years from 1990. The gateway caches these, so after warm-up few calls arrive. */
  static final class Features extends FeatureServiceGrpc.FeatureServiceImplBase {
    @Override
    public void getFeatures(GetFeaturesRequest request, StreamObserver<GetFeaturesResponse> out) {
      int n = request.getKeysCount();
      String[] ids = request.getKeysList().toArray(String[]::new);
      String[] categories = new String[n];
      int[] years = new int[n];
      for (int i = 0; i < n; i++) {
        categories[i] = "genre-" + Math.floorMod(ids[i].hashCode(), 18);
        years[i] = 1990 + Math.floorMod(ids[i].hashCode(), 30);
      }
      out.onNext(GetFeaturesResponse.newBuilder().setArrowBatch(ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(
          Column.ofStrings("item_id", ids), Column.ofStrings("category", categories), Column.ofInts("year", years)))))
          .build());
      out.onCompleted();
    }
  }
}
