package dev.recsys.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A frozen token-to-index lookup for one categorical feature: index 0 is reserved for
 * {@link #OOV} (a null value or a token not in the vocabulary), tokens take 1..n.
 *
 * <p>Built from training data with {@link #counter()}: tokens seen at least {@code minCount}
 * times, most frequent first (ties by token, in {@link String#compareTo} order), at most
 * {@code maxTokens} of them. The serialised form is {@link #tokens()} in index order; {@link
 * #of(List)} rebuilds the identical lookup from it, and {@link #fingerprint()} lets a reader
 * check that nothing changed the list on the way.
 *
 * <p>Immutable and thread-safe.
 */
public final class Vocabulary {

  /** The index of null and unseen tokens. */
  public static final int OOV = 0;

  private final List<String> tokens;
  private final Map<String, Integer> index;

  private Vocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.index = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < this.tokens.size(); i++) {
      String t = this.tokens.get(i);
      Integer earlier = index.put(t, i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException("vocabulary token '" + t + "' appears twice (indices "
            + earlier + " and " + (i + 1) + ")");
      }
    }
  }

  /**
   * The vocabulary whose token {@code i} (0-based in the list) gets index {@code i + 1}.
   *
   * @throws NullPointerException when a token is null
   * @throws IllegalArgumentException when a token repeats
   */
  public static Vocabulary of(List<String> tokens) {
    return new Vocabulary(tokens);
  }

  /** Counts tokens from training data; not thread-safe. */
  public static Counter counter() {
    return new Counter();
  }

  /** The index of {@code token}: 1..{@link #tokenCount()}, or {@link #OOV}. */
  public int index(String token) {
    if (token == null) {
      return OOV;
    }
    Integer i = index.get(token);
    return i == null ? OOV : i;
  }

  /** The token at {@code index}, or null for {@link #OOV}. */
  public String token(int index) {
    if (index < 0 || index > tokens.size()) {
      throw new IndexOutOfBoundsException("index " + index + " outside 0.." + tokens.size());
    }
    return index == OOV ? null : tokens.get(index - 1);
  }

  /** Number of indices including the OOV slot: the rows an embedding table needs. */
  public int size() {
    return tokens.size() + 1;
  }

  public int tokenCount() {
    return tokens.size();
  }

  /** The tokens in index order (index 1 first): the serialised form. */
  public List<String> tokens() {
    return tokens;
  }

  /** murmur3 over the tokens in order, each followed by a 0x00 byte, as 8 hex digits. */
  public String fingerprint() {
    StringBuilder all = new StringBuilder();
    for (String t : tokens) {
      all.append(t).append('\0');
    }
    return String.format("%08x", HashBucket.murmur3(all.toString().getBytes(StandardCharsets.UTF_8), 0));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "Vocabulary[" + tokens.size() + " tokens + OOV]";
  }

  /** Accumulates token counts; nulls are skipped (they always map to OOV). */
  public static final class Counter {
    private final Map<String, long[]> counts = new HashMap<>();

    private Counter() {}

    public Counter add(String token) {
      if (token != null) {
        counts.computeIfAbsent(token, t -> new long[1])[0]++;
      }
      return this;
    }

    /**
     * The vocabulary of tokens seen at least {@code minCount} times, most frequent first, at
     * most {@code maxTokens} of them.
     */
    public Vocabulary build(int minCount, int maxTokens) {
      if (minCount < 1 || maxTokens < 0) {
        throw new IllegalArgumentException("need minCount >= 1 and maxTokens >= 0, got "
            + minCount + ", " + maxTokens);
      }
      List<Map.Entry<String, long[]>> kept = new ArrayList<>();
      for (Map.Entry<String, long[]> e : counts.entrySet()) {
        if (e.getValue()[0] >= minCount) {
          kept.add(e);
        }
      }
      kept.sort((a, b) -> {
        int c = Long.compare(b.getValue()[0], a.getValue()[0]);
        return c != 0 ? c : a.getKey().compareTo(b.getKey());
      });
      List<String> tokens = new ArrayList<>(Math.min(kept.size(), maxTokens));
      for (int i = 0; i < kept.size() && i < maxTokens; i++) {
        tokens.add(kept.get(i).getKey());
      }
      return new Vocabulary(tokens);
    }
  }
}
