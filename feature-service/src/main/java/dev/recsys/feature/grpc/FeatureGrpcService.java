package dev.recsys.feature.grpc;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.api.v1.GetRecentItemsRequest;
import dev.recsys.api.v1.GetRecentItemsResponse;
import dev.recsys.api.v1.IngestEventsRequest;
import dev.recsys.api.v1.IngestEventsResponse;
import dev.recsys.api.v1.UpsertFeaturesRequest;
import dev.recsys.api.v1.UpsertFeaturesResponse;
import dev.recsys.feature.config.FeatureProperties;
import dev.recsys.feature.read.FeatureReader;
import dev.recsys.feature.store.FeatureStore;
import dev.recsys.feature.write.Event;
import dev.recsys.feature.write.FeatureWriter;
import dev.recsys.feature.generated.FeatureCatalog;
import dev.recsys.transform.FeatureTables;
import dev.recsys.transform.TableSchema;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.stereotype.Service;

/** gRPC face of the feature store. Bad requests fail with INVALID_ARGUMENT naming the problem. */
@Service
public class FeatureGrpcService extends FeatureServiceGrpc.FeatureServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(FeatureGrpcService.class);
  private static final int MAX_KEY_LENGTH = FeatureWriter.MAX_KEY_LENGTH;

  private final FeatureReader reader;
  private final FeatureStore store;
  private final FeatureWriter writer;
  private final FeatureProperties props;
  private final Timer getFeaturesTimer;
  private final Timer upsertTimer;
  private final Timer ingestTimer;

  public FeatureGrpcService(FeatureReader reader, FeatureStore store, FeatureWriter writer, FeatureProperties props,
      MeterRegistry meters) {
    this.store = store;
    this.reader = reader;
    this.writer = writer;
    this.props = props;
    ArrowCodec.warmUp();
    this.getFeaturesTimer = Timer.builder("recsys.feature.get_features").publishPercentileHistogram().register(meters);
    this.upsertTimer = Timer.builder("recsys.feature.upsert_features").register(meters);
    this.ingestTimer = Timer.builder("recsys.feature.ingest_events").register(meters);
  }

  @Override
  public void getFeatures(GetFeaturesRequest request, StreamObserver<GetFeaturesResponse> out) {
    if (FeatureTables.ALL.stream().noneMatch(t -> t.entity().equals(request.getEntity()))) {
      getCatalogFeatures(request, out);
      return;
    }
    Timer.Sample sample = Timer.start();
    TableSchema schema;
    List<String> columns;
    try {
      schema = FeatureTables.byEntity(request.getEntity());
      columns = resolveColumns(schema, request.getColumnsList());
      checkKeys(request.getKeysList());
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("GetFeatures: " + e.getMessage()).asRuntimeException());
      return;
    }
    try {
      FeatureStore.Lookup lookup = reader.get(schema, request.getKeysList(), columns);
      out.onNext(GetFeaturesResponse.newBuilder()
          .setArrowBatch(ByteString.copyFrom(ArrowCodec.encode(lookup.batch())))
          .addAllMissingKeys(lookup.missingKeys())
          .build());
      out.onCompleted();
    } catch (RuntimeException e) {
      log.error("GetFeatures failed for entity {}", request.getEntity(), e);
      out.onError(Status.INTERNAL.withDescription("GetFeatures: " + e.getMessage()).asRuntimeException());
    } finally {
      sample.stop(getFeaturesTimer);
    }
  }

  /**
   * Entities outside the ranker's contract (see {@link FeatureTables}) with any column type,
   * read uncached through the generated code. Composite keys are the key values joined by '|'.
   */
  private void getCatalogFeatures(GetFeaturesRequest request, StreamObserver<GetFeaturesResponse> out) {
    Timer.Sample sample = Timer.start();
    try {
      if (FeatureCatalog.entity(request.getEntity()).isEmpty()) {
        throw new IllegalArgumentException("unknown entity '" + request.getEntity() + "'; known entities: "
            + FeatureCatalog.entities().stream().map(FeatureCatalog.EntityDef::name).sorted().toList());
      }
      checkKeys(request.getKeysList());
      List<String> missing = new ArrayList<>();
      byte[] batch = store.readArrow(request.getEntity(), request.getKeysList(), request.getColumnsList(), missing);
      out.onNext(GetFeaturesResponse.newBuilder()
          .setArrowBatch(ByteString.copyFrom(batch)).addAllMissingKeys(missing).build());
      out.onCompleted();
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("GetFeatures: " + e.getMessage()).asRuntimeException());
    } catch (InvalidDataAccessApiUsageException e) {
      // FeatureStore is a @Repository: Spring wraps the generated reader's bad-key and
      // unknown-column errors; they are still the caller's mistake.
      String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      out.onError(Status.INVALID_ARGUMENT.withDescription("GetFeatures: " + reason).asRuntimeException());
    } catch (RuntimeException e) {
      log.error("GetFeatures failed for entity {}", request.getEntity(), e);
      out.onError(Status.INTERNAL.withDescription("GetFeatures: " + e.getMessage()).asRuntimeException());
    } finally {
      sample.stop(getFeaturesTimer);
    }
  }

  private List<String> resolveColumns(TableSchema schema, List<String> requested) {
    if (requested.isEmpty()) {
      return schema.columnNames();
    }
    List<String> unknown = new ArrayList<>();
    for (String c : requested) {
      if (schema.column(c).isEmpty()) {
        unknown.add(c);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown column(s) " + unknown + " of entity '" + schema.entity()
          + "'; known columns: " + schema.columnNames());
    }
    return requested;
  }

  private void checkKeys(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys is empty; ask for 1 to " + props.maxKeys() + " keys");
    }
    if (keys.size() > props.maxKeys()) {
      throw new IllegalArgumentException(keys.size() + " keys requested; at most " + props.maxKeys() + " per call");
    }
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (k.isEmpty() || k.length() > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException("keys[" + i + "] must be 1 to " + MAX_KEY_LENGTH + " characters, has " + k.length());
      }
    }
  }

  @Override
  public void getRecentItems(GetRecentItemsRequest request, StreamObserver<GetRecentItemsResponse> out) {
    String user = request.getUserId();
    int limit = request.getLimit() == 0 ? props.recentItems() : request.getLimit();
    if (user.isEmpty() || user.length() > MAX_KEY_LENGTH) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("GetRecentItems: user_id must be 1 to "
          + MAX_KEY_LENGTH + " characters").asRuntimeException());
      return;
    }
    if (limit < 0 || limit > props.recentItems()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("GetRecentItems: limit must be 0 (default) to "
          + props.recentItems() + ", got " + limit).asRuntimeException());
      return;
    }
    out.onNext(GetRecentItemsResponse.newBuilder().addAllItemIds(reader.recentItems(user, limit)).build());
    out.onCompleted();
  }

  @Override
  public void upsertFeatures(UpsertFeaturesRequest request, StreamObserver<UpsertFeaturesResponse> out) {
    Timer.Sample sample = Timer.start();
    try {
      int rows = writer.upsertFeatures(request.getEntity(), request.getArrowBatch().toByteArray());
      out.onNext(UpsertFeaturesResponse.newBuilder().setRows(rows).build());
      out.onCompleted();
    } catch (RuntimeException e) {
      out.onError(writeError("UpsertFeatures", e));
    } finally {
      sample.stop(upsertTimer);
    }
  }

  @Override
  public void ingestEvents(IngestEventsRequest request, StreamObserver<IngestEventsResponse> out) {
    Timer.Sample sample = Timer.start();
    try {
      List<Event> events = new ArrayList<>(request.getEventsCount());
      for (dev.recsys.api.v1.Event e : request.getEventsList()) {
        events.add(new Event(e.getUserId(), e.getItemId(), e.getType(), e.getTimestampMs()));
      }
      int accepted = writer.ingest(events, FeatureWriter.Naming.PROTO);
      out.onNext(IngestEventsResponse.newBuilder().setAccepted(accepted).build());
      out.onCompleted();
    } catch (RuntimeException e) {
      out.onError(writeError("IngestEvents", e));
    } finally {
      sample.stop(ingestTimer);
    }
  }

  /** Maps a write failure to the status a caller can act on. */
  private static io.grpc.StatusRuntimeException writeError(String rpc, RuntimeException e) {
    if (e instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(rpc + ": " + e.getMessage()).asRuntimeException();
    }
    if (e instanceof DuplicateKeyException || e instanceof ConcurrencyFailureException) {
      // Still colliding after the writer's retries: the call changed nothing and may be repeated.
      log.warn("{} aborted by concurrent writes", rpc, e);
      return Status.ABORTED.withDescription(rpc + ": aborted by concurrent writes to the same keys; retry")
          .asRuntimeException();
    }
    if (e instanceof DataIntegrityViolationException) {
      // A value the table cannot hold (e.g. longer than its column); nothing was written.
      return Status.INVALID_ARGUMENT.withDescription(rpc + ": the database rejected the data, nothing was written: "
          + rootMessage(e)).asRuntimeException();
    }
    log.error("{} failed", rpc, e);
    return Status.INTERNAL.withDescription(rpc + ": " + e.getMessage()).asRuntimeException();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
