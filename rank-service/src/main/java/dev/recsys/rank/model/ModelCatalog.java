package dev.recsys.rank.model;

import dev.recsys.modelclient.HotSwap;
import dev.recsys.modelclient.ModelCache;
import dev.recsys.modelclient.ModelSubscription;
import dev.recsys.modelclient.RegistryClient;
import dev.recsys.rank.config.RankProperties;
import dev.recsys.rank.lightgbm.LightGbmRanker;
import dev.recsys.transform.ModelInput;
import dev.recsys.transform.RankFeatureEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The models this service serves. With {@code recsys.rank.registry.url} set, each named model
 * follows its production version in the model registry and is hot-swapped on a promote or
 * rollback (see {@link ModelSubscription}); otherwise the newest version of each model in {@code
 * recsys.rank.models-dir} is loaded once. A model whose input signature differs from this build's
 * {@link RankFeatureEncoder} contract is refused: serving it would feed it rows it was not trained
 * on. From the registry, such a version is reported and the previous one keeps serving.
 *
 * <p>Callers {@link #acquire} a lease per request, so a swap never closes a model under a call.
 */
@Component
public class ModelCatalog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  private final Map<String, HotSwap<Ranker>> fixed = new TreeMap<>();
  private final Map<String, ModelSubscription<Ranker>> followed = new TreeMap<>();
  private final String defaultModel;

  public ModelCatalog(RankProperties props) {
    this.defaultModel = props.defaultModel();
    if (props.registry() != null && props.registry().enabled()) {
      follow(props.registry());
    } else {
      loadDirectory(props.modelsDir());
    }
    if (!names().contains(defaultModel)) {
      close();
      throw new IllegalStateException("recsys.rank.default-model '" + defaultModel + "' is not served; served"
          + " models: " + names());
    }
  }

  private void follow(RankProperties.Registry r) {
    if (r.cacheDir() == null) {
      throw new IllegalStateException("recsys.rank.registry.cache-dir is not set; downloaded models are kept there");
    }
    RegistryClient client = new RegistryClient(URI.create(r.url()), null, Duration.ofSeconds(10));
    ModelCache cache = new ModelCache(r.cacheDir(), client);
    for (String name : r.models()) {
      try {
        followed.put(name, new ModelSubscription<Ranker>(name, client, cache, ModelCatalog::load, Clock.systemUTC(),
            r.watchSeconds()).start(Duration.ofSeconds(r.startupTimeoutSeconds())));
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
  }

  private void loadDirectory(Path root) {
    if (root == null || !Files.isDirectory(root)) {
      throw new IllegalStateException("recsys.rank.models-dir '" + root + "' is not a directory; point it at"
          + " the models folder the offline jobs write (<data>/models), or set recsys.rank.registry.url");
    }
    try (Stream<Path> names = Files.list(root)) {
      for (Path nameDir : names.filter(Files::isDirectory).sorted().toList()) {
        Optional<Path> dir = latestVersion(nameDir);
        if (dir.isPresent() && servedType(dir.get())) {
          Ranker ranker = load(dir.get());
          HotSwap<Ranker> swap = new HotSwap<>(e -> log.warn("closing {} failed: {}", ranker.name(), e.toString()));
          swap.swap(ranker, ranker.version());
          fixed.put(ranker.name(), swap);
          log.info("serving model {} version {} from {}", ranker.name(), ranker.version(), dir.get());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static boolean servedType(Path dir) {
    ModelMetadata meta = ModelMetadata.read(dir.resolve("metadata.json"));
    if (!meta.type().equals(LightGbmRanker.TYPE)) {
      log.info("skipping {}: type {} is not served by this build (served: {})", dir, meta.type(), LightGbmRanker.TYPE);
      return false;
    }
    return true;
  }

  private static Optional<Path> latestVersion(Path nameDir) throws IOException {
    try (Stream<Path> versions = Files.list(nameDir)) {
      return versions.filter(p -> Files.exists(p.resolve("metadata.json")))
          .max(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString())));
    }
  }

  /** Numeric versions sort numerically ("10" after "9"); others after them, by name. */
  private static String versionKey(String v) {
    return v.matches("\\d{1,18}") ? String.format("0%019d", Long.parseLong(v)) : "1" + v;
  }

  /** Loads and warms up one version, refusing what this build cannot serve. */
  static Ranker load(Path dir) {
    ModelMetadata meta = ModelMetadata.read(dir.resolve("metadata.json"));
    ModelInput contract = RankFeatureEncoder.input();
    if (!meta.type().equals(LightGbmRanker.TYPE)) {
      throw new IllegalArgumentException(dir + ": type " + meta.type() + " is not served by this build (served: "
          + LightGbmRanker.TYPE + ")");
    }
    if (!meta.inputVersion().equals(contract.version()) || !meta.featureNames().equals(contract.featureNames())) {
      throw new IllegalStateException(dir + ": input signature " + meta.inputVersion() + " " + meta.featureNames()
          + " differs from this build's " + contract.version() + " " + contract.featureNames() + "; retrain the model");
    }
    return LightGbmRanker.load(dir, meta);
  }

  /**
   * A lease on the named model (blank: the default) as it is now; close it when the call is done.
   *
   * @throws IllegalArgumentException naming the served models when {@code name} is not one
   */
  public HotSwap<Ranker>.Lease acquire(String name) {
    String key = name == null || name.isBlank() ? defaultModel : name;
    HotSwap<Ranker> swap = fixed.get(key);
    if (swap != null) {
      return swap.acquire();
    }
    ModelSubscription<Ranker> sub = followed.get(key);
    if (sub == null) {
      throw new IllegalArgumentException("unknown model '" + key + "'; served models: " + names());
    }
    return sub.acquire();
  }

  public List<String> names() {
    List<String> out = new ArrayList<>(fixed.keySet());
    out.addAll(followed.keySet());
    return out.stream().sorted().toList();
  }

  /** Each registry-followed model's state: serving and production version, swaps, last failure. */
  public List<ModelSubscription.Status> statuses() {
    return followed.values().stream().map(ModelSubscription::status).toList();
  }

  @Override
  public void close() {
    fixed.values().forEach(HotSwap::close);
    followed.values().forEach(ModelSubscription::close);
  }
}
