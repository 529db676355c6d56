package dev.recsys.gateway.downstream;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One downstream's protection: a bulkhead (at most N calls in flight, no queueing, so a slow
 * backend cannot take every gateway thread) inside a circuit breaker (after enough failures, calls
 * fail at once for a while instead of each waiting for its deadline). The deadline itself is on
 * the gRPC stub. Every way a call can fail comes out as one {@link DownstreamException}, which the
 * experiments turn into their fallback.
 */
public final class Guard {

  /** gRPC codes that say the backend is unwell; others (INVALID_ARGUMENT ...) are our requests' fault. */
  static final Set<Status.Code> BACKEND_FAILURES = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED,
      Status.Code.CANCELLED);

  private final String name;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;

  public Guard(String name, CircuitBreaker breaker, Bulkhead bulkhead) {
    this.name = name;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
  }

  public <T> T call(Supplier<T> call) {
    try {
      return breaker.executeSupplier(Bulkhead.decorateSupplier(bulkhead, call));
    } catch (CallNotPermittedException e) {
      throw new DownstreamException(name, "circuit open");
    } catch (BulkheadFullException e) {
      throw new DownstreamException(name, "bulkhead full (" + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
          + " calls in flight)");
    } catch (StatusRuntimeException e) {
      throw new DownstreamException(name, e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
          : ": " + e.getStatus().getDescription()));
    }
  }

  public CircuitBreaker.State state() {
    return breaker.getState();
  }

  /** A downstream call that did not answer: the service, and why. */
  public static final class DownstreamException extends RuntimeException {
    private final String service;

    public DownstreamException(String service, String reason) {
      super(service + " failed: " + reason, null, false, false);
      this.service = service;
    }

    public String service() {
      return service;
    }
  }
}
