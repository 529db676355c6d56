package dev.recsys.rank.model;

import dev.recsys.rank.config.RankProperties;
import dev.recsys.rank.lightgbm.LightGbmRanker;
import dev.recsys.transform.ModelInput;
import dev.recsys.transform.RankFeatureEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The models this service serves, loaded at start-up from the registry's local folder layout.
 * A model whose input signature differs from this build's {@link RankFeatureEncoder} contract is
 * refused: serving it would feed it rows it was not trained on.
 *
 * <p>Skeleton: models are loaded once; watching the registry and hot-swapping is issue 5.
 */
@Component
public class ModelCatalog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  private final Map<String, Ranker> models = new TreeMap<>();
  private final String defaultModel;

  public ModelCatalog(RankProperties props) {
    this.defaultModel = props.defaultModel();
    Path root = props.modelsDir();
    if (root == null || !Files.isDirectory(root)) {
      throw new IllegalStateException("recsys.rank.models-dir '" + root + "' is not a directory; point it at"
          + " the models folder the offline jobs write (<data>/models)");
    }
    try (Stream<Path> names = Files.list(root)) {
      for (Path nameDir : names.filter(Files::isDirectory).sorted().toList()) {
        latestVersion(nameDir).ifPresent(dir -> load(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    if (!models.containsKey(defaultModel)) {
      throw new IllegalStateException("recsys.rank.default-model '" + defaultModel + "' not found under "
          + root + "; loaded models: " + models.keySet());
    }
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

  private void load(Path dir) {
    ModelMetadata meta = ModelMetadata.read(dir.resolve("metadata.json"));
    ModelInput contract = RankFeatureEncoder.input();
    if (!meta.type().equals(LightGbmRanker.TYPE)) {
      log.info("skipping {}: type {} is not served by this build (served: {})", dir, meta.type(), LightGbmRanker.TYPE);
      return;
    }
    if (!meta.inputVersion().equals(contract.version()) || !meta.featureNames().equals(contract.featureNames())) {
      throw new IllegalStateException(dir + ": input signature " + meta.inputVersion() + " " + meta.featureNames()
          + " differs from this build's " + contract.version() + " " + contract.featureNames() + "; retrain the model");
    }
    Ranker ranker = LightGbmRanker.load(dir, meta);
    models.put(meta.name(), ranker);
    log.info("serving model {} version {} from {}", meta.name(), meta.version(), dir);
  }

  /** The named model (blank: the default), or an error naming the loaded ones. */
  public Ranker get(String name) {
    String key = name == null || name.isBlank() ? defaultModel : name;
    Ranker r = models.get(key);
    if (r == null) {
      throw new IllegalArgumentException("unknown model '" + key + "'; loaded models: " + models.keySet());
    }
    return r;
  }

  public List<String> names() {
    return List.copyOf(models.keySet());
  }

  @Override
  public void close() {
    models.values().forEach(Ranker::close);
  }
}
