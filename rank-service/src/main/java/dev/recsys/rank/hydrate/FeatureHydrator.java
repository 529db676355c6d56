package dev.recsys.rank.hydrate;

import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.rank.config.RankProperties;
import dev.recsys.transform.FeatureTables;
import io.grpc.ManagedChannel;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Fetches the user and item feature rows a ranking needs from the feature service, as Arrow batches. */
@Component
public class FeatureHydrator {

  private final ManagedChannel channel;
  private final FeatureServiceGrpc.FeatureServiceBlockingStub stub;
  private final long deadlineMs;

  public FeatureHydrator(RankProperties props) {
    this.channel = GrpcChannels.forTarget(props.featureService());
    this.stub = FeatureServiceGrpc.newBlockingStub(channel);
    this.deadlineMs = props.featureDeadlineMs();
    ArrowCodec.warmUp();
    GrpcChannels.warmUp(channel, "feature-service", Duration.ofSeconds(60));
  }

  @PreDestroy
  void close() {
    channel.shutdownNow();
  }

  /** Feature rows of one entity; keys without a row are simply absent from the batch. */
  public ColumnBatch fetch(String entity, List<String> keys) {
    GetFeaturesResponse response = stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
        .getFeatures(GetFeaturesRequest.newBuilder()
            .setEntity(entity)
            .addAllKeys(keys)
            .addAllColumns(FeatureTables.byEntity(entity).columnNames())
            .build());
    return ArrowCodec.decode(response.getArrowBatch().toByteArray(), "GetFeatures(" + entity + ") response");
  }
}
