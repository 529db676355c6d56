package dev.recsys.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Long-poll waiters on a model's production version. A service asks "tell me when production is
 * no longer V" and its request is parked here until a promote or rollback of that model wakes it,
 * or its time runs out. Promotions reach waiting services at once, well inside the 5 s the issue
 * allows, without polling traffic.
 */
@Component
class ProductionWatch {

  private final Map<String, List<Runnable>> waiters = new HashMap<>();

  /** Registers {@code wake}, run once on the next change of {@code name}'s production version. */
  synchronized void await(String name, Runnable wake) {
    waiters.computeIfAbsent(name, n -> new ArrayList<>()).add(wake);
  }

  synchronized void cancel(String name, Runnable wake) {
    List<Runnable> list = waiters.get(name);
    if (list != null) {
      list.remove(wake);
    }
  }

  /** Wakes everyone waiting on {@code name}. */
  void changed(String name) {
    List<Runnable> wake;
    synchronized (this) {
      wake = waiters.remove(name);
    }
    if (wake != null) {
      wake.forEach(Runnable::run);
    }
  }
}
