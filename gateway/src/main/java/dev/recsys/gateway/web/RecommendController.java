package dev.recsys.gateway.web;

import dev.recsys.api.grpc.RequestIds;
import dev.recsys.experiment.LayerAssignment;
import dev.recsys.experiment.SceneEngine;
import dev.recsys.experiment.SceneResult;
import dev.recsys.gateway.admin.AdminAuth;
import dev.recsys.gateway.config.GatewayProperties;
import dev.recsys.gateway.scene.Candidate;
import dev.recsys.gateway.scene.RecState;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /api/v1/recommend/{scene}}: runs the scene's layers for one user. */
@RestController
public class RecommendController {

  private static final Logger log = LoggerFactory.getLogger(RecommendController.class);
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  static final int DEFAULT_COUNT = 10;

  /** Admin-only debugging header forcing arms: {@code layer=arm,layer=arm}. */
  static final String FORCE_HEADER = "X-Recsys-Force-Arms";

  private final SceneEngine<RecState> engine;
  private final GatewayProperties props;
  private final MeterRegistry meters;
  private final AdminAuth auth;
  private final ExposureLog exposures;

  public RecommendController(SceneEngine<RecState> engine, GatewayProperties props, MeterRegistry meters, AdminAuth auth,
      ExposureLog exposures) {
    this.engine = engine;
    this.props = props;
    this.meters = meters;
    this.auth = auth;
    this.exposures = exposures;
  }

  @PostMapping(path = "/api/v1/recommend/{scene}", consumes = "application/json", produces = "application/json")
  public Mono<ResponseEntity<RecommendResponse>> recommend(
      @PathVariable String scene,
      @RequestHeader(name = RequestIds.HEADER, required = false) String incomingId,
      @RequestHeader(name = FORCE_HEADER, required = false) String force,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) RecommendRequest body) {
    String requestId = incomingId != null && REQUEST_ID.matcher(incomingId).matches() ? incomingId : RequestIds.newId();
    return Mono.fromCallable(() -> run(scene, requestId, body, forcedArms(force, authorization)))
        // The scene engine makes blocking gRPC calls: keep them off the event loop.
        .subscribeOn(Schedulers.boundedElastic())
        .map(r -> ResponseEntity.ok().header(RequestIds.HEADER, requestId).body(r))
        .onErrorMap(e -> e instanceof RequestFailure ? e : new RequestFailure(requestId, e));
  }

  /**
   * {@code X-Recsys-Force-Arms: layer=arm[,layer=arm]}: debugging only, so it needs the admin token;
   * unknown layers or arms are refused naming the valid ones.
   */
  private Map<String, String> forcedArms(String header, String authorization) {
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    auth.require(authorization, "the " + FORCE_HEADER + " header");
    Map<String, String> forced = new LinkedHashMap<>();
    for (String pair : header.split(",")) {
      String[] kv = pair.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new BadRequest(FORCE_HEADER, FORCE_HEADER + " must be layer=arm pairs separated by commas, got '"
            + pair.strip() + "'");
      }
      forced.put(kv[0].strip(), kv[1].strip());
    }
    return forced;
  }

  /** The request's value of the scene's bucketing unit: userId, requestId or context.KEY. */
  private static String unitId(String unit, String userId, String requestId, RecommendRequest body) {
    if (unit.equals("userId")) {
      return userId;
    }
    if (unit.equals("requestId")) {
      return requestId;
    }
    if (unit.startsWith("context.")) {
      String key = unit.substring("context.".length());
      Object v = body.context() == null ? null : body.context().get(key);
      if (v == null || v.toString().isBlank() || v.toString().length() > 128) {
        throw new BadRequest("context." + key, "this scene splits traffic by context." + key
            + "; send it as a 1 to 128 character value in \"context\"");
      }
      return v.toString();
    }
    throw new IllegalStateException("scene unit '" + unit + "' is not one of userId, requestId, context.KEY");
  }

  private RecommendResponse run(String scene, String requestId, RecommendRequest body, Map<String, String> forced)
      throws Exception {
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      if (body == null) {
        throw new BadRequest("body", "request body is required: {\"userId\": \"...\", \"count\": 10}");
      }
      String userId = body.userId();
      if (userId == null || userId.isBlank()) {
        throw new BadRequest("userId", "userId is required and must not be blank");
      }
      if (userId.length() > props.maxUserIdLength()) {
        throw new BadRequest("userId", "userId has " + userId.length() + " characters; at most "
            + props.maxUserIdLength() + " are allowed");
      }
      int count = body.count() == null ? DEFAULT_COUNT : body.count();
      if (count < 1 || count > props.maxCount()) {
        throw new BadRequest("count", "count must be between 1 and " + props.maxCount() + ", got " + count);
      }
      SceneResult<RecState> result = engine.run(scene, unit -> unitId(unit, userId, requestId, body),
          RecState.start(requestId, scene, userId, count), forced);
      RecState state = result.state();
      Map<String, String> arms = new LinkedHashMap<>();
      for (LayerAssignment a : result.assignments()) {
        arms.put(a.layer(), a.arm());
        meters.counter("recsys.gateway.arm", "scene", scene, "layer", a.layer(), "arm", a.arm()).increment();
      }
      List<RecommendResponse.Item> items = distinctTop(state.candidates(), count);
      log.info("recommend scene={} user={} arms={} items={} degraded={} config={}", scene, userId, arms,
          items.size(), state.degraded(), result.configVersion());
      exposures.record(new ExposureLog.Exposure(requestId, userId, scene, result.configVersion(), arms,
          items.stream().map(RecommendResponse.Item::itemId).toList(), state.degraded()));
      if (!state.degraded().isEmpty()) {
        meters.counter("recsys.gateway.degraded", "scene", scene, "stage", String.join("+", state.degraded())).increment();
      }
      return new RecommendResponse(requestId, scene, userId, items, arms, result.configVersion(),
          !state.degraded().isEmpty(), state.degraded());
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  private static List<RecommendResponse.Item> distinctTop(List<Candidate> candidates, int count) {
    Set<String> seen = new HashSet<>();
    return candidates.stream()
        .filter(c -> seen.add(c.itemId()))
        .limit(count)
        .map(c -> new RecommendResponse.Item(c.itemId(), c.score(), c.source()))
        .toList();
  }

  /** Carries the request id of a failed request to the error handler. */
  static final class RequestFailure extends RuntimeException {
    final String requestId;

    RequestFailure(String requestId, Throwable cause) {
      super(cause.getMessage(), cause);
      this.requestId = requestId;
    }
  }

}
