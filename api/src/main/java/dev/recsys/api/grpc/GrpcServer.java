package dev.recsys.api.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server on one address with the standard {@code grpc.health.v1} health service, request
 * id propagation and a bounded message size. Every service of the suite runs one of these.
 *
 * <p>Thread-safe. {@link #close()} marks the server NOT_SERVING, lets in-flight calls finish for
 * a grace period, then cancels the rest.
 */
public final class GrpcServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  /** Largest inbound message a server accepts; bigger requests fail with RESOURCE_EXHAUSTED. */
  public static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final String name;
  private final Server server;
  private final HealthStatusManager health;

  private GrpcServer(String name, Server server, HealthStatusManager health) {
    this.name = name;
    this.server = server;
    this.health = health;
  }

  /**
   * Starts a server.
   *
   * @param name used in logs, e.g. "recall-service"
   * @param host address to bind, e.g. "127.0.0.1"
   * @param port port to bind; 0 picks a free one (see {@link #port()})
   */
  public static GrpcServer start(String name, String host, int port, List<BindableService> services) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    GrpcServer server = start(name, builder, services, host + ":" + port);
    log.info("{}: gRPC server listening on {}:{}", name, host, server.port());
    return server;
  }

  /**
   * Starts a server inside this JVM, reached by {@link GrpcChannels#forTarget} with target
   * {@code in-process:NAME}: no sockets, for benchmarks that measure a client without the network.
   */
  public static GrpcServer startInProcess(String name, List<BindableService> services) {
    GrpcServer server = start(name, InProcessServerBuilder.forName(name).maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES),
        services, GrpcChannels.IN_PROCESS + name);
    log.info("{}: in-process gRPC server started", name);
    return server;
  }

  private static GrpcServer start(String name, ServerBuilder<?> builder, List<BindableService> services, String where) {
    HealthStatusManager health = new HealthStatusManager();
    builder.addService(health.getHealthService());
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, new RequestIdInterceptor()));
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot start gRPC server on " + where + " (" + e.getMessage()
          + "); set another port", e);
    }
    health.setStatus("", ServingStatus.SERVING);
    for (BindableService service : services) {
      health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
    }
    return new GrpcServer(name, server, health);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("{}: gRPC server stopped", name);
  }
}
