package dev.recsys.modelclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HotSwapTest {

  /** A model that records when it is closed. */
  record Tracked(String version, List<String> closed) implements AutoCloseable {
    @Override
    public void close() {
      closed.add(version);
    }
  }

  @Test
  void anInFlightCallKeepsItsVersionOpenUntilItEnds() {
    List<String> closed = new ArrayList<>();
    HotSwap<Tracked> swap = new HotSwap<>(e -> { });
    assertThatThrownBy(swap::acquire).hasMessageContaining("no model is loaded yet");
    swap.swap(new Tracked("1", closed), "1");
    HotSwap<Tracked>.Lease inFlight = swap.acquire();
    swap.swap(new Tracked("2", closed), "2");
    assertThat(closed).isEmpty(); // 1 is still in use
    try (HotSwap<Tracked>.Lease next = swap.acquire()) {
      assertThat(next.version()).isEqualTo("2");
    }
    assertThat(inFlight.model().version()).isEqualTo("1");
    inFlight.close();
    assertThat(closed).containsExactly("1");
    inFlight.close(); // a second close does not release twice
    assertThat(closed).containsExactly("1");
    swap.close();
    assertThat(closed).containsExactly("1", "2");
  }

  @Test
  void concurrentCallsAcrossManySwapsCloseEachModelExactlyOnceAndNeverUseAClosedOne() throws Exception {
    List<String> closed = new CopyOnWriteArrayList<>();
    HotSwap<Tracked> swap = new HotSwap<>(e -> { });
    swap.swap(new Tracked("0", closed), "0");
    List<String> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 200_000; i++) {
          try (HotSwap<Tracked>.Lease lease = swap.acquire()) {
            if (closed.contains(lease.version())) {
              errors.add("leased closed version " + lease.version());
            }
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (int v = 1; v <= 500; v++) {
      swap.swap(new Tracked(Integer.toString(v), closed), Integer.toString(v));
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(errors).isEmpty();
    assertThat(closed).hasSize(500).doesNotHaveDuplicates().doesNotContain("500");
  }
}
