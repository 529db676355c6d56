package dev.recsys.api.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Plaintext channels between services on a trusted network, forwarding the request id. */
public final class GrpcChannels {

  private static final Logger log = LoggerFactory.getLogger(GrpcChannels.class);
  private static final Duration WARM_UP_ATTEMPT = Duration.ofMillis(500);

  /** Target prefix of a server in this JVM ({@link GrpcServer#startInProcess}). */
  public static final String IN_PROCESS = "in-process:";

  private GrpcChannels() {}

  /**
   * A channel to {@code host:port}; close it with {@link ManagedChannel#shutdown()}.
   *
   * <p>A call that fails UNAVAILABLE resets the channel's reconnect backoff: gRPC otherwise waits
   * up to two minutes between attempts, and fails every call fast meanwhile, long after the
   * server is back (seen when a service started before its backend).
   */
  public static ManagedChannel forTarget(String target) {
    AtomicReference<ManagedChannel> self = new AtomicReference<>();
    ManagedChannelBuilder<?> builder = target.startsWith(IN_PROCESS)
        ? InProcessChannelBuilder.forName(target.substring(IN_PROCESS.length()))
        : NettyChannelBuilder.forTarget(target).usePlaintext();
    ManagedChannel channel = builder
        .maxInboundMessageSize(GrpcServer.MAX_INBOUND_MESSAGE_BYTES)
        .intercept(new ForwardRequestId(), new ResetBackoffOnUnavailable(self))
        .build();
    self.set(channel);
    return channel;
  }

  /**
   * Connects the channel in the background and loads the client call path, so the first real
   * request does not pay for connection set-up and class loading within its deadline. Uses a
   * wait-for-ready health check, which rides out a server that is still starting.
   */
  public static void warmUp(ManagedChannel channel, String name, Duration timeout) {
    Thread t = new Thread(() -> {
      long deadline = System.nanoTime() + timeout.toNanos();
      Status last = null;
      while (System.nanoTime() < deadline) {
        try {
          HealthGrpc.newBlockingStub(channel).withWaitForReady()
              .withDeadlineAfter(WARM_UP_ATTEMPT.toMillis(), TimeUnit.MILLISECONDS)
              .check(HealthCheckRequest.getDefaultInstance());
          log.info("channel to {} ready", name);
          return;
        } catch (StatusRuntimeException e) {
          last = e.getStatus();
          // The backend may still be starting: try again now rather than after the backoff.
          channel.resetConnectBackoff();
        }
      }
      log.warn("channel to {} not ready after {} ({}); requests will connect on demand", name, timeout, last);
    }, "warm-up-" + name);
    t.setDaemon(true);
    t.start();
  }

  /** Resets the reconnect backoff of its channel whenever a call ends UNAVAILABLE. */
  private static final class ResetBackoffOnUnavailable implements ClientInterceptor {
    private final AtomicReference<ManagedChannel> channel;

    ResetBackoffOnUnavailable(AtomicReference<ManagedChannel> channel) {
      this.channel = channel;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onClose(Status status, Metadata trailers) {
              ManagedChannel c = channel.get();
              if (status.getCode() == Status.Code.UNAVAILABLE && c != null) {
                c.resetConnectBackoff();
              }
              super.onClose(status, trailers);
            }
          }, headers);
        }
      };
    }
  }

  /** Sends the request id of the MDC (or of the current gRPC call) downstream. */
  private static final class ForwardRequestId implements ClientInterceptor {
    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          String id = MDC.get(RequestIds.MDC_KEY);
          if (id == null) {
            id = RequestIds.CONTEXT_KEY.get();
          }
          if (id != null) {
            headers.put(RequestIds.METADATA_KEY, id);
          }
          super.start(listener, headers);
        }
      };
    }
  }
}
