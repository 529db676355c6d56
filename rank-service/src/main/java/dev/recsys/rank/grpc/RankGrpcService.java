package dev.recsys.rank.grpc;

import com.google.protobuf.ByteString;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ArrowPayloadException;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.arrow.ColumnType;
import dev.recsys.api.v1.PredictRequest;
import dev.recsys.api.v1.PredictResponse;
import dev.recsys.api.v1.RankRequest;
import dev.recsys.api.v1.RankResponse;
import dev.recsys.api.v1.RankServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import dev.recsys.rank.config.RankProperties;
import dev.recsys.rank.hydrate.FeatureHydrator;
import dev.recsys.rank.model.ModelCatalog;
import dev.recsys.modelclient.HotSwap;
import dev.recsys.rank.model.Ranker;
import dev.recsys.transform.ModelInput;
import dev.recsys.transform.RankFeatureEncoder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Rank (features hydrated here) and Predict (caller brings the features as Arrow). */
@Service
public class RankGrpcService extends RankServiceGrpc.RankServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(RankGrpcService.class);

  /** Arrow payload entry Predict reads. */
  public static final String FEATURES_PAYLOAD = "features";

  private final ModelCatalog models;
  private final FeatureHydrator hydrator;
  private final RankProperties props;
  private final MeterRegistry meters;

  public RankGrpcService(ModelCatalog models, FeatureHydrator hydrator, RankProperties props, MeterRegistry meters) {
    this.models = models;
    this.hydrator = hydrator;
    this.props = props;
    this.meters = meters;
  }

  @Override
  public void rank(RankRequest request, StreamObserver<RankResponse> out) {
    HotSwap<Ranker>.Lease lease;
    try {
      validate(request);
      lease = models.acquire(request.getModel());
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("Rank: " + e.getMessage()).asRuntimeException());
      return;
    }
    // The lease pins one model version for the whole call, whatever a hot swap does meanwhile.
    try (lease) {
      rank(request, lease.model(), lease.version(), out);
    }
  }

  private void rank(RankRequest request, Ranker ranker, String version, StreamObserver<RankResponse> out) {
    List<String> candidates = new ArrayList<>(new LinkedHashSet<>(request.getCandidateItemIdsList()));
    ColumnBatch users;
    ColumnBatch items;
    Timer.Sample hydrate = Timer.start();
    try {
      users = hydrator.fetch("user", List.of(request.getUserId()));
      items = hydrator.fetch("item", candidates);
    } catch (StatusRuntimeException e) {
      log.warn("feature hydration failed: {}", e.getStatus());
      out.onError(Status.UNAVAILABLE.withDescription("Rank: feature service unavailable (" + e.getStatus().getCode()
          + ")").asRuntimeException());
      return;
    } finally {
      hydrate.stop(meters.timer("recsys.rank.stage", "stage", "hydrate"));
    }
    Timer.Sample score = Timer.start();
    ModelInput input = RankFeatureEncoder.input();
    int width = input.width();
    Map<String, Integer> itemRow = new HashMap<>();
    String[] ids = (String[]) items.column("item_id").values();
    for (int r = 0; r < ids.length; r++) {
      itemRow.put(ids[r], r);
    }
    int userRow = users.rowCount() > 0 ? 0 : -1;
    RankFeatureEncoder.Bound encoder = RankFeatureEncoder.bind(users, items);
    float[] matrix = new float[candidates.size() * width];
    for (int c = 0; c < candidates.size(); c++) {
      encoder.encode(userRow, itemRow.getOrDefault(candidates.get(c), -1), matrix, c * width);
    }
    double[] scores = ranker.score(matrix, candidates.size(), width);
    Integer[] order = new Integer[candidates.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    RankResponse.Builder response = RankResponse.newBuilder().setModelVersion(ranker.name() + ":" + version);
    for (int i : order) {
      response.addItems(ScoredItem.newBuilder().setItemId(candidates.get(i)).setScore(scores[i]).setSource(ranker.name()));
    }
    score.stop(meters.timer("recsys.rank.stage", "stage", "score"));
    meters.counter("recsys.rank.requests", "model", ranker.name()).increment();
    out.onNext(response.build());
    out.onCompleted();
  }

  private void validate(RankRequest request) {
    String user = request.getUserId();
    if (user.isEmpty() || user.length() > 128) {
      throw new IllegalArgumentException("user_id must be 1 to 128 characters, has " + user.length());
    }
    int n = request.getCandidateItemIdsCount();
    if (n == 0 || n > props.maxCandidates()) {
      throw new IllegalArgumentException("candidate_item_ids must hold 1 to " + props.maxCandidates() + " ids, has " + n);
    }
    for (int i = 0; i < n; i++) {
      String id = request.getCandidateItemIds(i);
      if (id.isEmpty() || id.length() > 128) {
        throw new IllegalArgumentException("candidate_item_ids[" + i + "] must be 1 to 128 characters");
      }
    }
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> out) {
    try (HotSwap<Ranker>.Lease lease = models.acquire(request.getModelName())) {
      Ranker ranker = lease.model();
      byte[] payload = request.getArrowPayloadMap().containsKey(FEATURES_PAYLOAD)
          ? request.getArrowPayloadMap().get(FEATURES_PAYLOAD).toByteArray() : null;
      if (payload == null) {
        throw new IllegalArgumentException("arrow_payload has no '" + FEATURES_PAYLOAD + "' entry; it has "
            + request.getArrowPayloadMap().keySet());
      }
      ColumnBatch batch = ArrowCodec.decode(payload, "Predict arrow_payload['" + FEATURES_PAYLOAD + "']");
      ModelInput input = RankFeatureEncoder.input();
      float[] matrix = toMatrix(batch, input);
      double[] scores = ranker.score(matrix, batch.rowCount(), input.width());
      out.onNext(PredictResponse.newBuilder()
          .setArrowScores(ByteString.copyFrom(ArrowCodec.encode(ColumnBatch.of(Column.ofDoubles("score", scores)))))
          .setModelVersion(ranker.name() + ":" + lease.version())
          .build());
      out.onCompleted();
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("Predict: " + e.getMessage()).asRuntimeException());
    }
  }

  /** Accepts one numeric column per contract feature (by name) or one float tensor column "features". */
  static float[] toMatrix(ColumnBatch batch, ModelInput input) {
    int rows = batch.rowCount();
    int width = input.width();
    if (rows == 0) {
      throw new ArrowPayloadException("the features batch has no rows");
    }
    var tensor = batch.find(FEATURES_PAYLOAD);
    if (tensor.isPresent() && tensor.get().type() == ColumnType.FLOAT32_TENSOR) {
      if (tensor.get().width() != width) {
        throw new ArrowPayloadException("tensor column 'features' has width " + tensor.get().width()
            + "; the model input contract " + input.version() + " has " + width + " features " + input.featureNames());
      }
      return ((float[]) tensor.get().values()).clone();
    }
    float[] matrix = new float[rows * width];
    List<String> missing = new ArrayList<>();
    for (int f = 0; f < width; f++) {
      String name = input.featureNames().get(f);
      var column = batch.find(name);
      if (column.isEmpty()) {
        missing.add(name);
        continue;
      }
      Column c = column.get();
      if (c.type() == ColumnType.STRING || c.type() == ColumnType.FLOAT32_TENSOR) {
        throw new ArrowPayloadException("column '" + name + "' has type " + c.type() + "; features must be numeric");
      }
      for (int r = 0; r < rows; r++) {
        matrix[r * width + f] = (float) c.getDouble(r);
      }
    }
    if (!missing.isEmpty()) {
      throw new ArrowPayloadException("the features batch lacks column(s) " + missing + "; the model input contract "
          + input.version() + " is " + input.featureNames() + " (or one float tensor column 'features')");
    }
    return matrix;
  }
}
