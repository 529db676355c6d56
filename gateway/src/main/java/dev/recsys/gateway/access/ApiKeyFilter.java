package dev.recsys.gateway.access;

import dev.recsys.api.grpc.RequestIds;
import dev.recsys.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * API keys and rate limits on the public API ({@code /api/v1/**} except the admin API, which has
 * its own token): a client sends {@code X-Api-Key}; the gateway keeps only the keys' sha256, so a
 * leaked config does not leak keys. Each key has a token bucket ({@code rate-per-second},
 * {@code burst}); over it, 429 with {@code Retry-After}. Limits are per replica: with N replicas a
 * key gets up to N times its rate (the module README says how to size it).
 *
 * <p>With no keys configured the API is open (the embedded demo), and the start-up log says so.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
  public static final String HEADER = "X-Api-Key";

  private record Client(String name, TokenBucket bucket) {}

  private final Map<String, Client> bySha = new HashMap<>();
  private final MeterRegistry meters;

  public ApiKeyFilter(GatewayProperties props, MeterRegistry meters) {
    this.meters = meters;
    List<GatewayProperties.ApiKey> keys = props.apiKeys() == null ? List.of() : props.apiKeys();
    for (int i = 0; i < keys.size(); i++) {
      GatewayProperties.ApiKey k = keys.get(i);
      String where = "recsys.gateway.api-keys[" + i + "]";
      if (k.name() == null || k.name().isBlank()) {
        throw new IllegalStateException(where + ".name is missing; name the client the key belongs to");
      }
      if (k.sha256() == null || !k.sha256().matches("[0-9a-fA-F]{64}")) {
        throw new IllegalStateException(where + ".sha256 must be the key's SHA-256 as 64 hex digits"
            + " (printf %s KEY | sha256sum), got '" + k.sha256() + "'");
      }
      if (bySha.put(k.sha256().toLowerCase(), new Client(k.name(), new TokenBucket(k.ratePerSecond(), k.burst(),
          System::nanoTime))) != null) {
        throw new IllegalStateException(where + " repeats another key's sha256");
      }
    }
    if (bySha.isEmpty()) {
      log.warn("no API keys configured (recsys.gateway.api-keys): the public API is open to anyone who reaches it");
    }
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (bySha.isEmpty() || !path.startsWith("/api/v1/") || path.startsWith("/api/v1/admin/")) {
      return chain.filter(exchange);
    }
    String key = exchange.getRequest().getHeaders().getFirst(HEADER);
    Client client = key == null ? null : bySha.get(sha256(key));
    if (client == null) {
      return refuse(exchange, HttpStatus.UNAUTHORIZED, key == null ? "send your API key in the " + HEADER + " header"
          : "the API key in " + HEADER + " is not valid", null);
    }
    long waitNanos = client.bucket().tryAcquire();
    if (waitNanos > 0) {
      meters.counter("recsys.gateway.rate.limited", "client", client.name()).increment();
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "client '" + client.name() + "' is over its rate limit;"
          + " retry after " + seconds + " s", seconds);
    }
    meters.counter("recsys.gateway.requests", "client", client.name()).increment();
    return chain.filter(exchange);
  }

  private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String detail, Long retryAfter) {
    String requestId = RequestIds.newId();
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().set(RequestIds.HEADER, requestId);
    if (retryAfter != null) {
      response.getHeaders().set("Retry-After", Long.toString(retryAfter));
    }
    String body = "{\"type\":\"https://recsys.dev/problems/" + status.value() + "\",\"title\":\""
        + status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail.replace("\"", "'")
        + "\",\"requestId\":\"" + requestId + "\",\"field\":\"" + HEADER + "\"}";
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
  }

  static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
