package dev.recsys.api.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import java.util.UUID;

/** The request id that ties logs of one recommend call together across services. */
public final class RequestIds {

  /** gRPC metadata header and HTTP header carrying the request id. */
  public static final String HEADER = "x-request-id";

  public static final Metadata.Key<String> METADATA_KEY =
      Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

  /** The request id of the gRPC call in progress, set by {@link RequestIdInterceptor}. */
  public static final Context.Key<String> CONTEXT_KEY = Context.key(HEADER);

  /** MDC key used in every service's log pattern. */
  public static final String MDC_KEY = "requestId";

  private RequestIds() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The id of the current gRPC call, or "-" outside one. */
  public static String current() {
    String id = CONTEXT_KEY.get();
    return id == null ? "-" : id;
  }
}
