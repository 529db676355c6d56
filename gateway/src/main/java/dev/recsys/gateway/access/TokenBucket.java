package dev.recsys.gateway.access;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens refill continuously up to {@code burst}; a request
 * takes one or is refused. Time comes from an injected nanosecond clock, so tests step it.
 */
public final class TokenBucket {

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanos;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, int burst, LongSupplier nanos) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs rate > 0 and burst >= 1, got " + ratePerSecond + " and "
          + burst);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanos = nanos;
    this.tokens = burst;
    this.last = nanos.getAsLong();
  }

  /** Takes a token; returns 0 when granted, else the nanoseconds until one is available. */
  public synchronized long tryAcquire() {
    long now = nanos.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano);
  }
}
