package dev.recsys.recall.grpc;

import dev.recsys.api.grpc.GrpcChannels;
import dev.recsys.api.v1.FeatureServiceGrpc;
import dev.recsys.api.v1.GetRecentItemsRequest;
import dev.recsys.api.v1.MatcherQuota;
import dev.recsys.api.v1.RecallRequest;
import dev.recsys.api.v1.RecallResponse;
import dev.recsys.api.v1.RecallServiceGrpc;
import dev.recsys.api.v1.ScoredItem;
import dev.recsys.recall.config.RecallProperties;
import dev.recsys.recall.source.CandidateSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs the requested candidate sources and merges their candidates in request order, dropping
 * duplicates (first source wins) and the user's recently consumed items.
 */
@Service
public class RecallGrpcService extends RecallServiceGrpc.RecallServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(RecallGrpcService.class);

  private final Map<String, CandidateSource> sources = new TreeMap<>();
  private final RecallProperties props;
  private final ManagedChannel featureChannel;
  private final FeatureServiceGrpc.FeatureServiceBlockingStub features;
  private final MeterRegistry meters;

  public RecallGrpcService(List<CandidateSource> sources, RecallProperties props, MeterRegistry meters) {
    for (CandidateSource s : sources) {
      if (this.sources.put(s.name(), s) != null) {
        throw new IllegalStateException("two candidate sources named '" + s.name() + "'");
      }
    }
    this.props = props;
    this.meters = meters;
    this.featureChannel = GrpcChannels.forTarget(props.featureService());
    this.features = FeatureServiceGrpc.newBlockingStub(featureChannel);
    GrpcChannels.warmUp(featureChannel, "feature-service", Duration.ofSeconds(60));
  }

  @PreDestroy
  void close() {
    featureChannel.shutdownNow();
  }

  @Override
  public void recall(RecallRequest request, StreamObserver<RecallResponse> out) {
    String problem = validate(request);
    if (problem != null) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("Recall: " + problem).asRuntimeException());
      return;
    }
    Set<String> exclude = new HashSet<>(request.getExcludeItemIdsList());
    exclude.addAll(recentItems(request.getUserId()));
    Map<String, ScoredItem> merged = new LinkedHashMap<>();
    for (MatcherQuota mq : request.getMatchersList()) {
      CandidateSource source = sources.get(mq.getMatcher());
      Timer.Sample sample = Timer.start();
      List<ScoredItem> found = source.candidates(request.getUserId(), mq.getQuota(), exclude);
      sample.stop(meters.timer("recsys.recall.source", "source", source.name()));
      for (ScoredItem item : found) {
        merged.putIfAbsent(item.getItemId(), item);
      }
    }
    out.onNext(RecallResponse.newBuilder().addAllCandidates(merged.values()).build());
    out.onCompleted();
  }

  private String validate(RecallRequest request) {
    String user = request.getUserId();
    if (user.isEmpty() || user.length() > 128) {
      return "user_id must be 1 to 128 characters, has " + user.length();
    }
    if (request.getMatchersCount() == 0) {
      return "matchers is empty; known matchers: " + sources.keySet();
    }
    for (int i = 0; i < request.getMatchersCount(); i++) {
      MatcherQuota mq = request.getMatchers(i);
      if (!sources.containsKey(mq.getMatcher())) {
        return "matchers[" + i + "]: unknown matcher '" + mq.getMatcher() + "'; known matchers: " + sources.keySet();
      }
      if (mq.getQuota() < 1 || mq.getQuota() > props.maxQuota()) {
        return "matchers[" + i + "].quota must be 1 to " + props.maxQuota() + ", got " + mq.getQuota();
      }
    }
    return null;
  }

  /** Best effort: without the feature service, recall still answers, only less personal. */
  private List<String> recentItems(String userId) {
    try {
      return features.withDeadlineAfter(props.featureDeadlineMs(), TimeUnit.MILLISECONDS)
          .getRecentItems(GetRecentItemsRequest.newBuilder().setUserId(userId).build())
          .getItemIdsList();
    } catch (StatusRuntimeException e) {
      meters.counter("recsys.recall.recent_items_unavailable").increment();
      log.warn("recent items of user {} unavailable ({}); not excluding them", userId, e.getStatus());
      return List.of();
    }
  }
}
