package dev.recsys.gateway.experiments;

import dev.recsys.gateway.scene.Candidate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The popular list to answer with while recall-service is down: the longest recent successful
 * popularity answer, kept in memory. Popularity is (nearly) the same for every user, so another
 * user's list is a fair stand-in; it may still hold items this user saw recently, which the
 * degraded answer accepts.
 */
@Component
public class PopularFallback {

  private final AtomicReference<List<Candidate>> last = new AtomicReference<>(List.of());

  /** Remembers a successful answer, unless a longer one is already kept (a bigger quota's). */
  public void remember(List<Candidate> popular) {
    List<Candidate> copy = List.copyOf(popular);
    last.accumulateAndGet(copy, (old, next) -> next.size() >= old.size() ? next : old);
  }

  /** The kept list, possibly empty (recall-service never answered since start). */
  public List<Candidate> get() {
    return last.get();
  }
}
