package dev.recsys.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.slf4j.MDC;

/**
 * Puts the caller's request id (or a fresh one) into the gRPC context and the logging MDC for
 * every callback of the call, so service logs carry it.
 */
final class RequestIdInterceptor implements ServerInterceptor {

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    String incoming = headers.get(RequestIds.METADATA_KEY);
    String id = incoming == null || incoming.isBlank() || incoming.length() > 128 ? RequestIds.newId() : incoming;
    Context context = Context.current().withValue(RequestIds.CONTEXT_KEY, id);
    ServerCall.Listener<Q> delegate = Contexts.interceptCall(context, call, headers, next);
    return new SimpleForwardingServerCallListener<>(delegate) {
      private void withMdc(Runnable r) {
        MDC.put(RequestIds.MDC_KEY, id);
        try {
          r.run();
        } finally {
          MDC.remove(RequestIds.MDC_KEY);
        }
      }

      @Override
      public void onMessage(Q message) {
        withMdc(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        withMdc(super::onHalfClose);
      }

      @Override
      public void onCancel() {
        withMdc(super::onCancel);
      }

      @Override
      public void onComplete() {
        withMdc(super::onComplete);
      }

      @Override
      public void onReady() {
        withMdc(super::onReady);
      }
    };
  }
}
