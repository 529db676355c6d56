package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a parsed config against the experiments that exist. Collects every problem rather than
 * stopping at the first; each names the place and what would be valid.
 *
 * <p>Scene and layer params apply to every arm below them, but each experiment only receives the
 * params it declares. So an arm param must be declared by its experiment, and a layer or scene
 * param must be declared by at least one experiment in its scope (else it is a typo); its value
 * is checked against every experiment in scope that declares it.
 */
public final class ConfigValidator {
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private ConfigValidator() {}

  /** Problems of a parsed config against the experiments that exist (name -> declared params). Empty list = valid. */
  /** Most units one layer may whitelist. */
  static final int MAX_WHITELIST = 10_000;

  public static List<String> validate(ExperimentConfig config, Map<String, List<ParamSpec>> experiments) {
    Objects.requireNonNull(experiments, "experiments");
    return validate(config, experiments, Locator.PATHS);
  }

  /** {@code experiments == null} skips the checks that need them (parse without experiments). */
  static List<String> validate(ExperimentConfig config, Map<String, List<ParamSpec>> experiments, Locator loc) {
    Objects.requireNonNull(config, "config");
    return new Run(experiments, loc).config(config);
  }

  private static final class Run {
    private final Map<String, List<ParamSpec>> experiments;
    private final Locator loc;
    private final List<String> problems = new ArrayList<>();

    Run(Map<String, List<ParamSpec>> experiments, Locator loc) {
      this.experiments = experiments;
      this.loc = loc;
    }

    private void problem(String message, String... path) {
      problems.add(loc.where(path) + ": " + message);
    }

    List<String> config(ExperimentConfig config) {
      if (config.version() == null || config.version().isBlank()) {
        problem("missing 'version'; set a non-blank version such as \"2026-11-23.1\" (it is reported with every response)", "version");
      }
      if (config.scenes().isEmpty()) {
        problem("no scenes; define at least one under 'scenes'", "scenes");
      }
      config.scenes().forEach(this::scene);
      return problems;
    }

    private void scene(String key, SceneConfig scene) {
      String[] at = {"scenes", key};
      String what = "scene '" + key + "'";
      if (scene == null) {
        problem(what + " is null", at);
        return;
      }
      identifier(key, what, at);
      if (!key.equals(scene.name())) {
        problem(what + " is stored under key '" + key + "' but named '" + scene.name() + "'; they must match", at);
      }
      if (scene.unit().isBlank()) {
        problem(what + " has a blank 'unit'; name the request field to bucket on, e.g. userId", path(at, "unit"));
      }
      if (scene.layers().isEmpty()) {
        problem(what + " has no layers; add at least one under 'layers'", path(at, "layers"));
      }
      Map<String, Integer> layerNames = new HashMap<>();
      Map<String, String> salts = new HashMap<>();
      List<ArmConfig> sceneArms = new ArrayList<>();
      for (int i = 0; i < scene.layers().size(); i++) {
        LayerConfig layer = scene.layers().get(i);
        String[] lat = path(at, "layers", Integer.toString(i));
        String lname = layer.name();
        if (lname == null || lname.isBlank()) {
          problem("layer #" + (i + 1) + " of " + what + " has no 'name'", lat);
        } else {
          identifier(lname, "layer name '" + lname + "' in " + what, path(lat, "name"));
          Integer first = layerNames.putIfAbsent(lname, i);
          if (first != null) {
            problem(what + " has two layers named '" + lname + "' (#" + (first + 1) + " and #" + (i + 1) + "); layer names must be unique in a scene", path(lat, "name"));
          }
          if (layer.salt() != null && !layer.salt().isBlank()) {
            String other = salts.putIfAbsent(layer.salt(), lname);
            if (other != null && !other.equals(lname)) {
              // Same salt = same buckets: the layers' arms would be correlated, not orthogonal.
              problem("layers '" + other + "' and '" + lname + "' in " + what + " share salt '" + layer.salt()
                  + "', so their traffic splits are not independent; give each layer its own salt", path(lat, "salt"));
            }
          }
        }
        if (layer.salt() == null || layer.salt().isBlank()) {
          problem("layer '" + lname + "' in " + what + " has a blank 'salt'; remove it to use the default '" + key + "/" + lname + "'", path(lat, "salt"));
        }
        layer(what + " layer '" + lname + "'", scene, layer, lat);
        sceneArms.addAll(layer.arms());
      }
      scopedParams(scene.params(), "scene '" + key + "'", sceneArms, path(at, "params"));
    }

    private void layer(String what, SceneConfig scene, LayerConfig layer, String[] lat) {
      if (layer.arms().isEmpty()) {
        problem(what + " has no arms; add at least one under 'arms'", path(lat, "arms"));
        return;
      }
      Map<String, Integer> armNames = new HashMap<>();
      boolean anyPositive = false;
      boolean anyNegative = false;
      for (int j = 0; j < layer.arms().size(); j++) {
        ArmConfig arm = layer.arms().get(j);
        String[] aat = path(lat, "arms", Integer.toString(j));
        String awhat = what + " arm '" + arm.name() + "'";
        if (arm.experiment() == null || arm.experiment().isBlank()) {
          problem(what + " arm #" + (j + 1) + " has no 'experiment'" + knownExperimentsSuffix(), aat);
        } else if (experiments != null && !experiments.containsKey(arm.experiment())) {
          problem(awhat + ": unknown experiment '" + arm.experiment() + "'" + didYouMean(arm.experiment(), experiments.keySet())
              + "; known experiments: " + new TreeSet<>(experiments.keySet()), path(aat, "experiment"));
        }
        if (arm.name() != null) {
          identifier(arm.name(), "arm name '" + arm.name() + "' in " + what, path(aat, "name"));
          Integer first = armNames.putIfAbsent(arm.name(), j);
          if (first != null) {
            problem(what + " has two arms named '" + arm.name() + "' (#" + (first + 1) + " and #" + (j + 1)
                + "); arm names must be unique in a layer (an arm's name defaults to its experiment, so give one a 'name')", path(aat, "name"));
          }
        }
        if (arm.weight() < 0) {
          anyNegative = true;
          problem(awhat + " has negative weight " + arm.weight() + "; weights must be >= 0", path(aat, "weight"));
        } else if (arm.weight() > 0) {
          anyPositive = true;
        }
        armParams(awhat, arm, path(aat, "params"));
      }
      if (!anyPositive && !anyNegative) {
        problem("all arms of " + what + " have weight 0; at least one needs a positive weight", path(lat, "arms"));
      }
      if (!LayerConfig.HASH.equals(layer.bucketing()) && !LayerConfig.RANDOM.equals(layer.bucketing())) {
        problem(what + " has bucketing '" + layer.bucketing() + "'; use '" + LayerConfig.HASH + "' (a unit keeps its arm)"
            + " or '" + LayerConfig.RANDOM + "' (a fresh draw per request)", path(lat, "bucketing"));
      }
      if (layer.whitelist().size() > MAX_WHITELIST) {
        problem(what + " whitelists " + layer.whitelist().size() + " units; at most " + MAX_WHITELIST
            + " (a whitelist is for testers; use weights for traffic)", path(lat, "whitelist"));
      }
      layer.whitelist().forEach((unit, arm) -> {
        if (!armNames.containsKey(arm)) {
          problem(what + " whitelists unit '" + unit + "' to unknown arm '" + arm + "'; arms: " + new TreeSet<>(armNames.keySet()),
              path(lat, "whitelist", unit));
        }
      });
      scopedParams(layer.params(), what, layer.arms(), path(lat, "params"));
    }

    private void armParams(String awhat, ArmConfig arm, String[] pat) {
      List<ParamSpec> specs = experiments == null || arm.experiment() == null ? null : experiments.get(arm.experiment());
      if (specs == null) {
        return; // missing or unknown experiment is reported already; its params cannot be judged
      }
      arm.params().forEach((name, value) -> {
        ParamSpec spec = find(specs, name);
        if (spec == null) {
          List<String> declared = specs.stream().map(ParamSpec::name).toList();
          problem(awhat + ": unknown parameter '" + name + "' for experiment '" + arm.experiment() + "'"
              + didYouMean(name, declared) + "; declared: " + declared, path(pat, name));
        } else {
          checkValue(awhat, arm.experiment(), spec, value, path(pat, name));
        }
      });
    }

    /** Scene or layer params: must be declared by some experiment in scope, valid for each that does. */
    private void scopedParams(Map<String, Object> params, String what, List<ArmConfig> arms, String[] pat) {
      if (experiments == null || params.isEmpty()) {
        return;
      }
      Map<String, List<ParamSpec>> inScope = new LinkedHashMap<>();
      for (ArmConfig arm : arms) {
        List<ParamSpec> specs = arm.experiment() == null ? null : experiments.get(arm.experiment());
        if (specs == null) {
          return; // an unknown experiment might declare it; that problem is reported already
        }
        inScope.putIfAbsent(arm.experiment(), specs);
      }
      params.forEach((name, value) -> {
        boolean declared = false;
        for (Map.Entry<String, List<ParamSpec>> e : inScope.entrySet()) {
          ParamSpec spec = find(e.getValue(), name);
          if (spec != null) {
            declared = true;
            checkValue(what, e.getKey(), spec, value, path(pat, name));
          }
        }
        if (!declared) {
          Set<String> all = new LinkedHashSet<>();
          Map<String, List<String>> byExperiment = new LinkedHashMap<>();
          inScope.forEach((exp, specs) -> {
            List<String> names = specs.stream().map(ParamSpec::name).toList();
            byExperiment.put(exp, names);
            all.addAll(names);
          });
          problem(what + ": unknown parameter '" + name + "'; no experiment in scope declares it" + didYouMean(name, all)
              + "; declared: " + byExperiment, path(pat, name));
        }
      });
    }

    private void checkValue(String what, String experiment, ParamSpec spec, Object value, String[] at) {
      String p = spec.problemWith(value);
      if (p != null) {
        problem(what + ": " + p + " (experiment '" + experiment + "' declares " + spec.type().label() + " " + spec.boundsText() + ")", at);
      }
    }

    private void identifier(String name, String what, String[] at) {
      if (!IDENTIFIER.matcher(name).matches()) {
        problem(what + " is not a valid identifier; use 1 to 64 of the characters A-Z a-z 0-9 _ . -", at);
      }
    }

    private String knownExperimentsSuffix() {
      return experiments == null ? "" : "; known experiments: " + new TreeSet<>(experiments.keySet());
    }
  }

  private static ParamSpec find(List<ParamSpec> specs, String name) {
    for (ParamSpec s : specs) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  private static String[] path(String[] base, String... more) {
    String[] p = new String[base.length + more.length];
    System.arraycopy(base, 0, p, 0, base.length);
    System.arraycopy(more, 0, p, base.length, more.length);
    return p;
  }

  /** " (did you mean 'x'?)" for a close candidate, else empty. Typos are the common config error. */
  static String didYouMean(String given, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(given.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, given.length() / 3));
    return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
  }

  /** Levenshtein distance with adjacent transposition counted as one edit ("wieght"). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
