package dev.recsys.modelclient;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model a service serves now, swapped atomically. A caller {@link #acquire()}s a lease, uses
 * the model and closes the lease; a swap makes new calls get the new model at once, and the old
 * model is closed when its last lease is closed, never under a call that uses it.
 *
 * <p>Every call sees exactly one version: the lease pins the model it was given, whatever swaps
 * happen while it runs.
 *
 * @param <M> the loaded model; closed once no lease holds it
 */
public final class HotSwap<M extends AutoCloseable> implements AutoCloseable {

  private final AtomicReference<Entry<M>> current = new AtomicReference<>();
  private final Consumer<Exception> onCloseFailure;

  public HotSwap(Consumer<Exception> onCloseFailure) {
    this.onCloseFailure = onCloseFailure;
  }

  /** A model in service, with a reference count: one for being current plus one per open lease. */
  private static final class Entry<M extends AutoCloseable> {
    final M model;
    final String version;
    final AtomicInteger refs = new AtomicInteger(1);

    Entry(M model, String version) {
      this.model = model;
      this.version = version;
    }

    /** Takes a reference unless the count already reached zero (the model is closed or closing). */
    boolean retain() {
      while (true) {
        int n = refs.get();
        if (n == 0) {
          return false;
        }
        if (refs.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }
  }

  /** One use of the model: close it (try-with-resources) when the call is done. */
  public final class Lease implements AutoCloseable {
    private final Entry<M> entry;
    private boolean closed;

    private Lease(Entry<M> entry) {
      this.entry = entry;
    }

    public M model() {
      return entry.model;
    }

    public String version() {
      return entry.version;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(entry);
      }
    }
  }

  /**
   * The current model, pinned until the lease is closed.
   *
   * @throws IllegalStateException when no model was ever installed
   */
  public Lease acquire() {
    while (true) {
      Entry<M> e = current.get();
      if (e == null) {
        throw new IllegalStateException("no model is loaded yet");
      }
      // If a swap released e between get() and retain(), retain fails and we read the new current.
      if (e.retain()) {
        return new Lease(e);
      }
    }
  }

  /** Installs {@code model} as current; the one it replaces closes after its last lease. */
  public void swap(M model, String version) {
    Entry<M> old = current.getAndSet(new Entry<>(model, version));
    if (old != null) {
      release(old);
    }
  }

  /** The version new calls get, or null before the first swap. */
  public String version() {
    Entry<M> e = current.get();
    return e == null ? null : e.version;
  }

  private void release(Entry<M> e) {
    if (e.refs.decrementAndGet() == 0) {
      try {
        e.model.close();
      } catch (Exception ex) {
        onCloseFailure.accept(ex);
      }
    }
  }

  /** Drops the current model (closed after in-flight calls); later acquires fail. */
  @Override
  public void close() {
    Entry<M> old = current.getAndSet(null);
    if (old != null) {
      release(old);
    }
  }
}
