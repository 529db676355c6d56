package dev.recsys.experiment;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the YAML experiment config into {@link ExperimentConfig}. Works on SnakeYAML's node tree
 * rather than loading into maps, because only nodes carry line and column, and every problem a
 * person has to fix should point at a line.
 *
 * <p>The parser reports what cannot be expressed in the records (syntax, wrong shapes, unknown or
 * duplicate keys, values of the wrong kind, missing weight), then runs {@link ConfigValidator}
 * with the same positions, so all problems come back together, each as
 * {@code source:line:column: message}. Stateless; safe to call from any thread.
 */
public final class ConfigParser {
  /** Larger inputs are rejected before parsing; real configs are a few KiB. */
  public static final int MAX_BYTES = 1 << 20;

  static final List<String> TOP_KEYS = List.of("version", "scenes");
  static final List<String> SCENE_KEYS = List.of("unit", "params", "layers");
  static final List<String> LAYER_KEYS = List.of("name", "salt", "bucketing", "whitelist", "arms", "params");
  static final List<String> ARM_KEYS = List.of("name", "experiment", "weight", "params");

  private ConfigParser() {}

  /**
   * Parses YAML text; sourceName (e.g. file path) is used in messages. Throws ConfigException
   * listing every problem, each with line:column where known. Checks everything that does not
   * need the experiment catalogue; see {@link #parse(String, String, Map)} for the full check.
   */
  public static ExperimentConfig parse(String yaml, String sourceName) {
    return parse0(yaml, sourceName, null);
  }

  /**
   * Parses and fully validates against the experiments that exist, so problems such as an
   * unknown experiment or an out-of-bounds param also carry line:column. Prefer this when the
   * config comes from a file or the admin API.
   */
  public static ExperimentConfig parse(String yaml, String sourceName, Map<String, List<ParamSpec>> experiments) {
    Objects.requireNonNull(experiments, "experiments");
    return parse0(yaml, sourceName, experiments);
  }

  private static ExperimentConfig parse0(String yaml, String sourceName, Map<String, List<ParamSpec>> experiments) {
    Objects.requireNonNull(yaml, "yaml");
    String source = sourceName == null || sourceName.isBlank() ? "<config>" : sourceName;
    long bytes = utf8Length(yaml);
    if (bytes > MAX_BYTES) {
      throw new ConfigException(List.of(source + ": document is " + bytes + " bytes; the limit is " + MAX_BYTES
          + " bytes (1 MiB). An experiment config should be a few KiB; is this the right file?"));
    }
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // reported by us with both positions instead
      options.setMaxAliasesForCollections(50);
      root = new Yaml(options).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      throw new ConfigException(List.of(syntaxProblem(source, e)));
    } catch (YAMLException e) {
      throw new ConfigException(List.of(source + ": invalid YAML: " + e.getMessage()));
    }
    if (root == null) {
      throw new ConfigException(List.of(source + ": empty document; expected keys " + TOP_KEYS));
    }
    Walker w = new Walker(source);
    ExperimentConfig config = w.root(root);
    List<String> problems = new ArrayList<>(w.problems);
    if (config != null) {
      problems.addAll(ConfigValidator.validate(config, experiments, w::where));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static String syntaxProblem(String source, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    StringBuilder sb = new StringBuilder(source);
    if (mark != null) {
      sb.append(':').append(mark.getLine() + 1).append(':').append(mark.getColumn() + 1);
    }
    sb.append(": invalid YAML: ");
    if (e.getContext() != null) {
      sb.append(e.getContext()).append("; ");
    }
    sb.append(e.getProblem());
    return sb.toString();
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** One parse: collects problems and remembers where each config path starts. */
  private static final class Walker {
    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Mark> marks = new HashMap<>();

    Walker(String source) {
      this.source = source;
    }

    /** Position of the path, or of its nearest recorded ancestor (e.g. a missing key's mapping). */
    String where(String... path) {
      for (int n = path.length; n >= 0; n--) {
        Mark m = marks.get(Locator.key(java.util.Arrays.copyOf(path, n)));
        if (m != null) {
          return source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
        }
      }
      return source + " (" + Locator.dotted(path) + ")";
    }

    private String at(Node node) {
      Mark m = node.getStartMark();
      return source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }

    private void problem(Node node, String message) {
      problems.add(at(node) + ": " + message);
    }

    private void mark(Node node, String... path) {
      marks.put(Locator.key(path), node.getStartMark());
    }

    ExperimentConfig root(Node root) {
      mark(root);
      if (!(root instanceof MappingNode map)) {
        problem(root, "the document must be a mapping with keys " + TOP_KEYS + ", got " + kind(root));
        return null;
      }
      Map<String, Node> top = entries(map, TOP_KEYS, "at the top level");
      String version = null;
      Node v = top.get("version");
      if (v != null) {
        mark(v, "version");
        version = text(v, "'version'");
      }
      Map<String, SceneConfig> scenes = new LinkedHashMap<>();
      Node s = top.get("scenes");
      if (s != null) {
        mark(s, "scenes");
        if (s instanceof MappingNode sm) {
          entries(sm, null, "in 'scenes'").forEach((name, node) -> {
            SceneConfig scene = scene(name, node);
            if (scene != null) {
              scenes.put(name, scene);
            }
          });
        } else if (!isNull(s)) {
          problem(s, "'scenes' must be a mapping of scene name to scene, got " + kind(s));
        }
      }
      return new ExperimentConfig(version, scenes);
    }

    private SceneConfig scene(String name, Node node) {
      String[] at = {"scenes", name};
      mark(node, at);
      String what = "scene '" + name + "'";
      if (isNull(node)) {
        return new SceneConfig(name, null, List.of(), Map.of()); // validator reports "no layers"
      }
      if (!(node instanceof MappingNode map)) {
        problem(node, what + " must be a mapping with keys " + SCENE_KEYS + ", got " + kind(node));
        return null;
      }
      Map<String, Node> e = entries(map, SCENE_KEYS, "in " + what);
      String unit = null;
      if (e.containsKey("unit")) {
        mark(e.get("unit"), "scenes", name, "unit");
        unit = text(e.get("unit"), "'unit' of " + what);
      }
      Map<String, Object> params = params(e.get("params"), what, "scenes", name, "params");
      List<LayerConfig> layers = new ArrayList<>();
      for (Node item : list(e.get("layers"), "'layers' of " + what, "scenes", name, "layers")) {
        int i = layers.size();
        LayerConfig layer = layer(what, item, "scenes", name, "layers", Integer.toString(i));
        if (layer != null) {
          layers.add(layer);
        }
      }
      return new SceneConfig(name, unit, layers, params);
    }

    private LayerConfig layer(String sceneWhat, Node node, String... at) {
      mark(node, at);
      String what = "layer #" + (Integer.parseInt(at[at.length - 1]) + 1) + " of " + sceneWhat;
      if (!(node instanceof MappingNode map)) {
        problem(node, what + " must be a mapping with keys " + LAYER_KEYS + ", got " + kind(node));
        return null;
      }
      Map<String, Node> e = entries(map, LAYER_KEYS, "in " + what);
      String name = optionalText(e, "name", what, at);
      if (name != null) {
        what = sceneWhat + " layer '" + name + "'";
      }
      String salt = optionalText(e, "salt", what, at);
      String bucketing = optionalText(e, "bucketing", what, at);
      Map<String, String> whitelist = whitelist(e.get("whitelist"), what, cat(at, "whitelist"));
      Map<String, Object> params = params(e.get("params"), what, cat(at, "params"));
      List<ArmConfig> arms = new ArrayList<>();
      for (Node item : list(e.get("arms"), "'arms' of " + what, cat(at, "arms"))) {
        ArmConfig arm = arm(what, item, cat(at, "arms", Integer.toString(arms.size())));
        if (arm != null) {
          arms.add(arm);
        }
      }
      return new LayerConfig(name, salt, arms, params, bucketing, whitelist);
    }

    /** {@code whitelist:} a mapping of unit id to arm name. */
    private Map<String, String> whitelist(Node node, String what, String... at) {
      if (node == null || isNull(node)) {
        return Map.of();
      }
      mark(node, at);
      if (!(node instanceof MappingNode map)) {
        problem(node, "'whitelist' of " + what + " must be a mapping of unit id to arm name, got " + kind(node));
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      entries(map, null, "in 'whitelist' of " + what).forEach((unit, arm) -> {
        mark(arm, cat(at, unit));
        String armName = text(arm, "whitelist entry '" + unit + "' of " + what);
        if (armName != null) {
          out.put(unit, armName);
        }
      });
      return out;
    }

    private ArmConfig arm(String layerWhat, Node node, String... at) {
      mark(node, at);
      String what = "arm #" + (Integer.parseInt(at[at.length - 1]) + 1) + " of " + layerWhat;
      if (!(node instanceof MappingNode map)) {
        problem(node, what + " must be a mapping with keys " + ARM_KEYS + ", got " + kind(node));
        return null;
      }
      Map<String, Node> e = entries(map, ARM_KEYS, "in " + what);
      String name = optionalText(e, "name", what, at);
      String experiment = optionalText(e, "experiment", what, at);
      if (name != null || experiment != null) {
        what = layerWhat + " arm '" + (name != null ? name : experiment) + "'";
      }
      // A placeholder weight of 1 for a missing or bad weight keeps the validator from adding a
      // misleading "all weights 0"; the parse fails on the real problem anyway.
      int weight = 1;
      Node w = e.get("weight");
      if (w == null) {
        problem(node, what + " has no 'weight'; give every arm a whole-number weight (its share of the layer)");
      } else {
        mark(w, cat(at, "weight"));
        Object value = isNull(w) ? null : scalar(w, "'weight' of " + what);
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
          weight = (int) (long) l;
        } else if (value != null || isNull(w)) {
          problem(w, "'weight' of " + what + " must be a whole number between 0 and " + Integer.MAX_VALUE
              + ", got " + (value == null ? "nothing" : ParamSpec.describe(value)));
        }
      }
      Map<String, Object> params = params(e.get("params"), what, cat(at, "params"));
      return new ArmConfig(name, experiment, weight, params);
    }

    private String optionalText(Map<String, Node> e, String key, String what, String[] at) {
      Node n = e.get(key);
      if (n == null) {
        return null;
      }
      mark(n, cat(at, key));
      return text(n, "'" + key + "' of " + what);
    }

    private Map<String, Object> params(Node node, String what, String... at) {
      if (node == null || isNull(node)) {
        return Map.of();
      }
      mark(node, at);
      if (!(node instanceof MappingNode map)) {
        problem(node, "'params' of " + what + " must be a mapping of name to value, got " + kind(node));
        return Map.of();
      }
      Map<String, Object> params = new LinkedHashMap<>();
      entries(map, null, "in 'params' of " + what).forEach((name, value) -> {
        mark(value, cat(at, name));
        if (isNull(value)) {
          problem(value, "param '" + name + "' of " + what + " has no value; remove it to use the default");
        } else {
          Object v = scalar(value, "param '" + name + "' of " + what);
          if (v != null) {
            params.put(name, v);
          }
        }
      });
      return params;
    }

    private List<Node> list(Node node, String what, String... at) {
      if (node == null || isNull(node)) {
        return List.of(); // validator reports the missing layers/arms with its own wording
      }
      if (node instanceof SequenceNode seq) {
        mark(seq, at);
        return seq.getValue();
      }
      problem(node, what + " must be a list (items start with '- '), got " + kind(node));
      return List.of();
    }

    /**
     * Scalar keys of a mapping. With {@code allowed} set, other keys are reported with the valid
     * ones named (typos like "wieght" are the point). Duplicates are reported with both places,
     * since a silent last-one-wins would hide half an edit.
     */
    private Map<String, Node> entries(MappingNode map, List<String> allowed, String where) {
      Map<String, Node> out = new LinkedHashMap<>();
      Map<String, Node> keys = new HashMap<>();
      for (NodeTuple t : map.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode sk) || isNull(k)) {
          problem(k, "keys must be plain names, got " + kind(k) + " " + where);
          continue;
        }
        String key = sk.getValue();
        if (allowed != null && !allowed.contains(key)) {
          problem(k, "unknown key '" + key + "' " + where + ConfigValidator.didYouMean(key, allowed) + "; valid keys: " + allowed
              + ("<<".equals(key) ? " (YAML merge keys are not supported)" : ""));
          continue;
        }
        Node first = keys.putIfAbsent(key, k);
        if (first != null) {
          problem(k, "duplicate key '" + key + "' " + where + "; first defined at " + at(first));
          continue;
        }
        out.put(key, t.getValueNode());
      }
      return out;
    }

    private String text(Node node, String what) {
      if (isNull(node)) {
        return null;
      }
      if (node instanceof ScalarNode s) {
        return s.getValue();
      }
      problem(node, what + " must be a single value, got " + kind(node));
      return null;
    }

    /**
     * Typed value of a scalar under YAML's implicit typing: Long, Double, Boolean or String. Quoted
     * values are strings, so "200" is not an int. Returns null after reporting a problem.
     */
    private Object scalar(Node node, String what) {
      if (!(node instanceof ScalarNode s)) {
        problem(node, what + " must be a single value (int, double, boolean or string), got " + kind(node));
        return null;
      }
      String raw = s.getValue();
      Tag tag = s.getTag();
      try {
        if (Tag.STR.equals(tag)) {
          return raw;
        }
        if (Tag.BOOL.equals(tag)) {
          String b = raw.toLowerCase(Locale.ROOT);
          return b.equals("true") || b.equals("yes") || b.equals("on");
        }
        if (Tag.INT.equals(tag)) {
          BigInteger big = yamlInt(raw);
          if (big.bitLength() >= 64) {
            problem(node, what + " = " + raw + " is too large");
            return null;
          }
          return big.longValue();
        }
        if (Tag.FLOAT.equals(tag)) {
          String f = raw.replace("_", "");
          if (f.contains(":") || f.toLowerCase(Locale.ROOT).contains("inf") || f.toLowerCase(Locale.ROOT).contains("nan")) {
            problem(node, what + " = " + raw + " is not a finite decimal number");
            return null;
          }
          return Double.parseDouble(f);
        }
      } catch (NumberFormatException e) {
        problem(node, what + " = " + raw + " is not a number: " + e.getMessage());
        return null;
      }
      problem(node, what + " has unsupported type " + tag + " (value " + raw + "); quote it to make it a string");
      return null;
    }

    /** YAML 1.1 int forms SnakeYAML resolves: 1_000, 0x1F, 0b101, 017 (octal), 1:30 (base 60). */
    private static BigInteger yamlInt(String raw) {
      String s = raw.replace("_", "");
      boolean negative = s.startsWith("-");
      if (s.startsWith("-") || s.startsWith("+")) {
        s = s.substring(1);
      }
      BigInteger v;
      if (s.startsWith("0x")) {
        v = new BigInteger(s.substring(2), 16);
      } else if (s.startsWith("0b")) {
        v = new BigInteger(s.substring(2), 2);
      } else if (s.contains(":")) {
        v = BigInteger.ZERO;
        for (String digit : s.split(":")) {
          v = v.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
        }
      } else if (s.length() > 1 && s.startsWith("0")) {
        v = new BigInteger(s.substring(1), 8);
      } else {
        v = new BigInteger(s);
      }
      return negative ? v.negate() : v;
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String kind(Node node) {
      if (node instanceof MappingNode) {
        return "a mapping";
      }
      if (node instanceof SequenceNode) {
        return "a list";
      }
      return isNull(node) ? "nothing" : "the value '" + ((ScalarNode) node).getValue() + "'";
    }

    private static String[] cat(String[] base, String... more) {
      String[] p = java.util.Arrays.copyOf(base, base.length + more.length);
      System.arraycopy(more, 0, p, base.length, more.length);
      return p;
    }
  }
}
