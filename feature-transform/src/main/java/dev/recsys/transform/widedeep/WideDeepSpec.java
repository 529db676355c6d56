package dev.recsys.transform.widedeep;

import dev.recsys.transform.Json;
import dev.recsys.transform.Bucketize;
import dev.recsys.transform.Normalize;
import dev.recsys.transform.SmoothedRate;
import dev.recsys.transform.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link WideDeepEncoder} learned from training data, frozen: the vocabularies of the
 * categorical fields, the bucket boundaries of item year and request time, the bucket count of
 * each hashed cross, the normalisation statistics of each dense feature and the CTR prior.
 * Training writes it next to the model ({@link #save(Path)}); serving reads it back
 * ({@link #load(Path)}) and so encodes exactly as training did.
 *
 * <p>The file is JSON (format {@value #FORMAT}, {@code format_version} {@value #FORMAT_VERSION},
 * {@code contract} {@value WideDeepEncoder#CONTRACT}); offline/docs/widedeep.md describes it.
 * Which features exist and how they are computed is code (the contract version); the file holds
 * only fitted numbers and tokens, and loading checks that its field lists are this build's.
 *
 * <p>Immutable and thread-safe.
 */
public final class WideDeepSpec {

  public static final String FORMAT = "recsys-transform-spec";
  public static final int FORMAT_VERSION = 1;

  private final Map<String, Vocabulary> vocabularies;
  private final Bucketize itemYearBuckets;
  private final Bucketize timeBuckets;
  private final Map<String, Integer> crossBuckets;
  private final Map<String, Normalize> normalizers;
  private final SmoothedRate ctrPrior;

  /**
   * @param vocabularies   one per {@link WideDeepEncoder#VOCABULARY_FIELDS}, in that order
   * @param crossBuckets   one per {@link WideDeepEncoder#CROSSES} key, in that order
   * @param normalizers    one per {@link WideDeepEncoder#DENSE_FIELDS}, in that order
   */
  public WideDeepSpec(Map<String, Vocabulary> vocabularies, Bucketize itemYearBuckets, Bucketize timeBuckets,
      Map<String, Integer> crossBuckets, Map<String, Normalize> normalizers, SmoothedRate ctrPrior) {
    requireKeys("vocabularies", vocabularies, WideDeepEncoder.VOCABULARY_FIELDS);
    requireKeys("cross buckets", crossBuckets, List.copyOf(WideDeepEncoder.CROSSES.keySet()));
    requireKeys("normalizers", normalizers, WideDeepEncoder.DENSE_FIELDS);
    for (Map.Entry<String, Integer> e : crossBuckets.entrySet()) {
      if (e.getValue() == null || e.getValue() < 2) {
        throw new IllegalArgumentException("cross '" + e.getKey() + "' needs >= 2 buckets, got " + e.getValue());
      }
    }
    if (itemYearBuckets == null || timeBuckets == null || ctrPrior == null) {
      throw new IllegalArgumentException("item year buckets, time buckets and the CTR prior are required");
    }
    this.vocabularies = Map.copyOf(vocabularies);
    this.itemYearBuckets = itemYearBuckets;
    this.timeBuckets = timeBuckets;
    this.crossBuckets = Map.copyOf(crossBuckets);
    this.normalizers = Map.copyOf(normalizers);
    this.ctrPrior = ctrPrior;
  }

  private static void requireKeys(String what, Map<String, ?> map, List<String> expected) {
    if (map == null || !map.keySet().equals(new java.util.HashSet<>(expected)) || map.containsValue(null)) {
      throw new IllegalArgumentException(what + " must be given for exactly " + expected + "; got "
          + (map == null ? null : map.keySet()));
    }
  }

  public Vocabulary vocabulary(String field) {
    Vocabulary v = vocabularies.get(field);
    if (v == null) {
      throw new IllegalArgumentException("no vocabulary '" + field + "'; the vocabulary fields are "
          + WideDeepEncoder.VOCABULARY_FIELDS);
    }
    return v;
  }

  public Bucketize itemYearBuckets() {
    return itemYearBuckets;
  }

  public Bucketize timeBuckets() {
    return timeBuckets;
  }

  public int crossBuckets(String cross) {
    Integer b = crossBuckets.get(cross);
    if (b == null) {
      throw new IllegalArgumentException("no cross '" + cross + "'; the crosses are " + WideDeepEncoder.CROSSES.keySet());
    }
    return b;
  }

  public Normalize normalizer(String denseField) {
    Normalize n = normalizers.get(denseField);
    if (n == null) {
      throw new IllegalArgumentException("no dense field '" + denseField + "'; the dense fields are "
          + WideDeepEncoder.DENSE_FIELDS);
    }
    return n;
  }

  public SmoothedRate ctrPrior() {
    return ctrPrior;
  }

  // ---------------------------------------------------------------- writing

  /** The spec as a JSON document (keys in contract order, so files diff well). */
  public String toJson() {
    WideDeepEncoder encoder = new WideDeepEncoder(this);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("contract", WideDeepEncoder.CONTRACT);
    root.put("encoder", WideDeepEncoder.class.getName());
    List<Object> inputs = new ArrayList<>();
    for (TensorSpec t : encoder.inputs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("dtype", t.type().label());
      m.put("shape", List.of("N", t.width()));
      m.put("fields", t.fields());
      if (!t.cardinalities().isEmpty()) {
        m.put("cardinalities", t.cardinalities());
      }
      inputs.add(m);
    }
    root.put("inputs", inputs);
    // Ordered maps only: loaded specs are checked by the sha256 of this text, so it must not
    // depend on a JVM's hash iteration order.
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("name", WideDeepEncoder.OUTPUT);
    output.put("dtype", "float32");
    output.put("shape", List.of("N", 1));
    root.put("output", output);

    Map<String, Object> categorical = new LinkedHashMap<>();
    for (String f : WideDeepEncoder.CATEGORICAL_FIELDS) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", WideDeepEncoder.SOURCES.get(f));
      if (f.equals(WideDeepEncoder.ITEM_YEAR)) {
        m.put("transform", "bucketize");
        m.put("size", itemYearBuckets.buckets());
        m.put("boundaries", boxed(itemYearBuckets.boundaries()));
      } else {
        Vocabulary v = vocabularies.get(f);
        m.put("transform", "vocabulary");
        m.put("size", v.size());
        m.put("fingerprint", v.fingerprint());
        m.put("tokens", v.tokens());
      }
      categorical.put(f, m);
    }
    root.put("categorical", categorical);

    Map<String, Object> time = new LinkedHashMap<>();
    time.put("source", WideDeepEncoder.SOURCES.get(WideDeepEncoder.TIME));
    time.put("transform", "bucketize");
    time.put("size", timeBuckets.buckets());
    time.put("boundaries", boxed(timeBuckets.boundaries()));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put(WideDeepEncoder.TIME, time);
    root.put("context", context);

    Map<String, Object> wide = new LinkedHashMap<>();
    for (String f : WideDeepEncoder.WIDE_FIELDS) {
      Map<String, Object> m = new LinkedHashMap<>();
      List<String> of = WideDeepEncoder.CROSSES.get(f);
      if (of == null) {
        m.put("transform", "categorical");
        m.put("of", f);
        m.put("size", vocabularies.get(f).size());
      } else {
        m.put("transform", "cross");
        m.put("of", of);
        m.put("buckets", crossBuckets.get(f));
      }
      wide.put(f, m);
    }
    root.put("wide", wide);

    Map<String, Object> dense = new LinkedHashMap<>();
    for (String f : WideDeepEncoder.DENSE_FIELDS) {
      Normalize n = normalizers.get(f);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", WideDeepEncoder.SOURCES.get(f));
      m.put("transform", n.kind().label());
      m.put("mean", n.mean());
      m.put("std", n.std());
      dense.put(f, m);
    }
    root.put("dense", dense);
    Map<String, Object> prior = new LinkedHashMap<>();
    prior.put("prior_clicks", ctrPrior.priorClicks());
    prior.put("prior_non_clicks", ctrPrior.priorNonClicks());
    root.put("ctr_prior", prior);
    return Json.write(root);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /** Writes {@link #toJson()} to {@code file}, creating its directory. */
  public void save(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write transform spec " + file + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a spec written by {@link #save(Path)}.
   *
   * @throws IllegalArgumentException naming the file and the problem when the file is not JSON,
   *     is another format or version, or its fields differ from this build's contract
   * @throws UncheckedIOException when the file cannot be read
   */
  public static WideDeepSpec load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("transform spec " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read transform spec " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses a spec document; {@code source} (a file name) starts every error message.
   *
   * @throws IllegalArgumentException as {@link #load(Path)}
   */
  public static WideDeepSpec parse(String json, String source) {
    Object doc = Json.parse(json, source);
    Node root = new Node(source, "", doc).object();
    String format = root.get("format").string();
    if (!format.equals(FORMAT)) {
      throw new IllegalArgumentException(source + ": format is '" + format + "'; expected '" + FORMAT + "'");
    }
    long version = root.get("format_version").integer();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(source + ": format_version " + version + " is not supported; this build"
          + " reads format_version " + FORMAT_VERSION);
    }
    String contract = root.get("contract").string();
    if (!contract.equals(WideDeepEncoder.CONTRACT)) {
      throw new IllegalArgumentException(source + ": contract is '" + contract + "'; this build's encoder implements '"
          + WideDeepEncoder.CONTRACT + "'");
    }

    Node categorical = root.get("categorical").object();
    categorical.requireKeys(WideDeepEncoder.CATEGORICAL_FIELDS);
    Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
    for (String f : WideDeepEncoder.VOCABULARY_FIELDS) {
      Node n = categorical.get(f).object();
      n.get("transform").requireString("vocabulary");
      List<String> tokens = n.get("tokens").strings();
      Vocabulary v;
      try {
        v = Vocabulary.of(tokens);
      } catch (IllegalArgumentException e) {
        throw n.get("tokens").error(e.getMessage());
      }
      long size = n.get("size").integer();
      if (size != v.size()) {
        throw n.get("size").error("is " + size + " but the " + v.tokenCount() + " tokens make " + v.size()
            + " (tokens + 1 for OOV)");
      }
      String fingerprint = n.get("fingerprint").string();
      if (!fingerprint.equals(v.fingerprint())) {
        throw n.get("fingerprint").error("is " + fingerprint + " but the tokens hash to " + v.fingerprint()
            + "; the token list was changed after training");
      }
      vocabularies.put(f, v);
    }
    Bucketize years = buckets(categorical.get(WideDeepEncoder.ITEM_YEAR).object());
    Node context = root.get("context").object();
    context.requireKeys(List.of(WideDeepEncoder.TIME));
    Bucketize time = buckets(context.get(WideDeepEncoder.TIME).object());

    Node wide = root.get("wide").object();
    wide.requireKeys(WideDeepEncoder.WIDE_FIELDS);
    Map<String, Integer> crosses = new LinkedHashMap<>();
    for (String f : WideDeepEncoder.WIDE_FIELDS) {
      Node n = wide.get(f).object();
      List<String> of = WideDeepEncoder.CROSSES.get(f);
      if (of == null) {
        n.get("transform").requireString("categorical");
        continue;
      }
      n.get("transform").requireString("cross");
      List<String> inputs = n.get("of").strings();
      if (!inputs.equals(of)) {
        throw n.get("of").error("is " + inputs + " but this build's " + WideDeepEncoder.CONTRACT + " crosses " + of);
      }
      long buckets = n.get("buckets").integer();
      if (buckets < 2 || buckets > Integer.MAX_VALUE) {
        throw n.get("buckets").error("must be between 2 and " + Integer.MAX_VALUE + ", is " + buckets);
      }
      crosses.put(f, (int) buckets);
    }

    Node dense = root.get("dense").object();
    dense.requireKeys(WideDeepEncoder.DENSE_FIELDS);
    Map<String, Normalize> normalizers = new LinkedHashMap<>();
    for (String f : WideDeepEncoder.DENSE_FIELDS) {
      Node n = dense.get(f).object();
      String transform = n.get("transform").string();
      Normalize.Kind kind;
      try {
        kind = Normalize.Kind.parse(transform);
      } catch (IllegalArgumentException e) {
        throw n.get("transform").error(e.getMessage());
      }
      if (kind != WideDeepEncoder.DENSE_KINDS.get(f)) {
        throw n.get("transform").error("is " + kind.label() + " but this build computes " + f + " with "
            + WideDeepEncoder.DENSE_KINDS.get(f).label());
      }
      double mean = n.get("mean").number();
      double std = n.get("std").number();
      try {
        normalizers.put(f, new Normalize(kind, mean, std));
      } catch (IllegalArgumentException e) {
        throw n.error(e.getMessage());
      }
    }
    Node prior = root.get("ctr_prior").object();
    double priorClicks = prior.get("prior_clicks").number();
    double priorNonClicks = prior.get("prior_non_clicks").number();
    SmoothedRate ctr;
    try {
      ctr = new SmoothedRate(priorClicks, priorNonClicks);
    } catch (IllegalArgumentException e) {
      throw prior.error(e.getMessage());
    }
    return new WideDeepSpec(vocabularies, years, time, crosses, normalizers, ctr);
  }

  private static Bucketize buckets(Node n) {
    n.get("transform").requireString("bucketize");
    double[] boundaries = n.get("boundaries").numbers();
    Bucketize b;
    try {
      b = new Bucketize(boundaries);
    } catch (IllegalArgumentException e) {
      throw n.get("boundaries").error(e.getMessage());
    }
    long size = n.get("size").integer();
    if (size != b.buckets()) {
      throw n.get("size").error("is " + size + " but " + b.boundaries().length + " boundaries make " + b.buckets()
          + " buckets (boundaries + 2)");
    }
    return b;
  }

  /** A value in the parsed document with its JSON path, so every error names file and place. */
  private record Node(String source, String path, Object value) {

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(source + ": " + (path.isEmpty() ? "document" : path) + " " + what);
    }

    Node object() {
      if (!(value instanceof Map)) {
        throw error("must be a JSON object, found " + kind(value));
      }
      return this;
    }

    Node get(String key) {
      Map<?, ?> m = (Map<?, ?>) value;
      if (!m.containsKey(key)) {
        throw error("lacks the key '" + key + "'");
      }
      return new Node(source, path.isEmpty() ? key : path + "." + key, m.get(key));
    }

    /** The object must hold exactly these keys (in any order). */
    void requireKeys(List<String> expected) {
      Map<?, ?> m = (Map<?, ?>) value;
      if (!m.keySet().equals(new java.util.HashSet<>(expected))) {
        throw error("has the fields " + m.keySet() + "; this build's " + WideDeepEncoder.CONTRACT + " needs exactly "
            + expected);
      }
    }

    String string() {
      if (!(value instanceof String s)) {
        throw error("must be a string, found " + kind(value));
      }
      return s;
    }

    void requireString(String expected) {
      String s = string();
      if (!s.equals(expected)) {
        throw error("is '" + s + "'; expected '" + expected + "'");
      }
    }

    long integer() {
      if (!(value instanceof Long l)) {
        throw error("must be an integer, found " + kind(value));
      }
      return l;
    }

    double number() {
      if (!(value instanceof Number n)) {
        throw error("must be a number, found " + kind(value));
      }
      return n.doubleValue();
    }

    List<String> strings() {
      if (!(value instanceof List<?> list)) {
        throw error("must be an array of strings, found " + kind(value));
      }
      List<String> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s)) {
          throw new Node(source, path + "[" + i + "]", list.get(i)).error("must be a string, found " + kind(list.get(i)));
        }
        out.add(s);
      }
      return out;
    }

    double[] numbers() {
      if (!(value instanceof List<?> list)) {
        throw error("must be an array of numbers, found " + kind(value));
      }
      double[] out = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new Node(source, path + "[" + i + "]", list.get(i)).error("must be a number, found " + kind(list.get(i)));
        }
        out[i] = n.doubleValue();
      }
      return out;
    }

    private static String kind(Object v) {
      if (v == null) {
        return "null";
      }
      if (v instanceof Map) {
        return "an object";
      }
      if (v instanceof List) {
        return "an array";
      }
      if (v instanceof String s) {
        return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
      }
      return v.toString();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WideDeepSpec s && s.vocabularies.equals(vocabularies)
        && Arrays.equals(s.itemYearBuckets.boundaries(), itemYearBuckets.boundaries())
        && Arrays.equals(s.timeBuckets.boundaries(), timeBuckets.boundaries())
        && s.crossBuckets.equals(crossBuckets) && s.normalizers.equals(normalizers) && s.ctrPrior.equals(ctrPrior);
  }

  @Override
  public int hashCode() {
    return vocabularies.hashCode() * 31 + crossBuckets.hashCode();
  }
}
