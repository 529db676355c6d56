package dev.recsys.feature.grpc;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.api.v1.GetRecentItemsRequest;
import dev.recsys.api.v1.GetRecentItemsResponse;
import dev.recsys.feature.config.FeatureProperties;
import dev.recsys.feature.store.FeatureStore;
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
import org.springframework.stereotype.Service;

/** gRPC face of the feature store. Bad requests fail with INVALID_ARGUMENT naming the problem. */
@Service
public class FeatureGrpcService extends FeatureServiceGrpc.FeatureServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(FeatureGrpcService.class);
  private static final int MAX_KEY_LENGTH = 128;

  private final FeatureStore store;
  private final FeatureProperties props;
  private final Timer getFeaturesTimer;

  public FeatureGrpcService(FeatureStore store, FeatureProperties props, MeterRegistry meters) {
    this.store = store;
    this.props = props;
    ArrowCodec.warmUp();
    this.getFeaturesTimer = Timer.builder("recsys.feature.get_features").publishPercentileHistogram().register(meters);
  }

  @Override
  public void getFeatures(GetFeaturesRequest request, StreamObserver<GetFeaturesResponse> out) {
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
      FeatureStore.Lookup lookup = store.get(schema, request.getKeysList(), columns);
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
    out.onNext(GetRecentItemsResponse.newBuilder().addAllItemIds(store.recentItems(user, limit)).build());
    out.onCompleted();
  }
}
