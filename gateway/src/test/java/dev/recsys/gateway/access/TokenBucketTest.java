package dev.recsys.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void burstThenTheRateWithTheWaitToTheNextToken() {
    AtomicLong now = new AtomicLong();
    TokenBucket b = new TokenBucket(2, 3, now::get); // 2/s, burst 3
    assertThat(b.tryAcquire()).isZero();
    assertThat(b.tryAcquire()).isZero();
    assertThat(b.tryAcquire()).isZero();
    assertThat(b.tryAcquire()).isEqualTo(500_000_000L); // one token every 0.5 s
    now.addAndGet(250_000_000L);
    assertThat(b.tryAcquire()).isEqualTo(250_000_000L);
    now.addAndGet(250_000_000L);
    assertThat(b.tryAcquire()).isZero();
    now.addAndGet(60_000_000_000L); // a long pause refills only up to the burst
    for (int i = 0; i < 3; i++) {
      assertThat(b.tryAcquire()).isZero();
    }
    assertThat(b.tryAcquire()).isPositive();
  }

  @Test
  void nonsenseLimitsAreRefused() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, System::nanoTime)).hasMessageContaining("rate > 0");
    assertThatThrownBy(() -> new TokenBucket(1, 0, System::nanoTime)).hasMessageContaining("burst >= 1");
  }
}
