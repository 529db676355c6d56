package dev.recsys.feature.contract;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A cache clock that only moves when a test says so (STYLE 8: advance time, never sleep). */
public final class ManualTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
