package dev.recsys.offline.twotower;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a loop body over {@code [0, n)} split into one contiguous chunk per thread. The chunk
 * boundaries depend only on {@code n} and the thread count, and each chunk writes its own
 * buffers, so results are deterministic for a given thread count. The caller's thread runs chunk 0.
 */
final class Parallel implements AutoCloseable {

  interface Body {
    void run(int chunk, int from, int to);
  }

  private final int threads;
  private final ExecutorService pool;

  Parallel(int threads) {
    this.threads = threads;
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "twotower-worker");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  int threads() {
    return threads;
  }

  void forRanges(int n, Body body) {
    if (pool == null) {
      body.run(0, 0, n);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(threads - 1);
    for (int c = 1; c < threads; c++) {
      int chunk = c;
      futures.add(pool.submit(() -> body.run(chunk, from(n, chunk), from(n, chunk + 1))));
    }
    body.run(0, 0, from(n, 1));
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while training the two-tower model", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  private int from(int n, int chunk) {
    return (int) ((long) n * chunk / threads);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
