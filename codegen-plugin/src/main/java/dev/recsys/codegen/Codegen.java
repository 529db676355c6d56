package dev.recsys.codegen;

import com.palantir.javapoet.JavaFile;
import dev.recsys.codegen.generate.AccessGenerator;
import dev.recsys.codegen.generate.ArrowGenerator;
import dev.recsys.codegen.generate.CatalogGenerator;
import dev.recsys.codegen.generate.CodegenModel;
import dev.recsys.codegen.generate.ConvertersGenerator;
import dev.recsys.codegen.generate.EntityGenerator;
import dev.recsys.codegen.generate.Generator;
import dev.recsys.codegen.generate.RepositoryGenerator;
import dev.recsys.codegen.generate.SupportGenerator;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.SchemaException;
import dev.recsys.codegen.schema.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The coordinator: parse -> model -> generators -> writer. Everything is generated in memory
 * first and written only when every schema is valid, so a bad schema never leaves a half-updated
 * output directory. A fingerprint of the inputs makes an unchanged build a no-op.
 */
public final class Codegen {
  /** Name of the fingerprint file kept in the output directory. */
  public static final String FINGERPRINT_FILE = ".recsys-codegen.sha256";
  private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

  /** Outcome of {@link #run}. */
  public enum Status { GENERATED, UP_TO_DATE, NO_SCHEMAS }

  public record Result(Status status, int files) {}

  private static final List<Generator> GENERATORS = List.of(
      new EntityGenerator(), new RepositoryGenerator(), new ConvertersGenerator(), new ArrowGenerator(),
      new SupportGenerator(), new AccessGenerator(), new CatalogGenerator());

  private final Consumer<String> log;

  public Codegen(Consumer<String> log) {
    this.log = log;
  }

  /** The plugin version baked in at build time; part of the fingerprint so upgrades regenerate. */
  public static String pluginVersion() {
    try (InputStream in = Codegen.class.getResourceAsStream("plugin-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Result run(CodegenRequest request) throws IOException, SchemaException {
    if (!PACKAGE.matcher(request.packageName()).matches()) {
      throw new IllegalArgumentException("packageName '" + request.packageName()
          + "' is not a lower-case Java package name such as com.example.features");
    }
    List<Path> files = SchemaParser.listSchemaFiles(request.schemaDirectory());
    if (files.isEmpty()) {
      log.accept("No *.yaml feature schemas under " + request.schemaDirectory() + "; nothing generated.");
      return new Result(Status.NO_SCHEMAS, 0);
    }
    String fingerprint = fingerprint(request, files);
    Path fingerprintFile = request.outputDirectory().resolve(FINGERPRINT_FILE);
    if (Files.isRegularFile(fingerprintFile)
        && Files.readString(fingerprintFile, StandardCharsets.UTF_8).strip().equals(fingerprint)) {
      log.accept("Feature schemas unchanged (" + files.size() + " files); generated sources are up to date.");
      return new Result(Status.UP_TO_DATE, 0);
    }
    List<FeatureSchema> schemas = new SchemaParser().parseDirectory(request.schemaDirectory(), request.displayBase());
    SortedMap<String, String> sources = generate(new CodegenModel(schemas, request.packageName()));
    write(request.outputDirectory(), sources);
    Files.writeString(fingerprintFile, fingerprint + "\n", StandardCharsets.UTF_8);
    log.accept("Generated " + sources.size() + " sources from " + files.size() + " feature schemas into "
        + request.outputDirectory());
    return new Result(Status.GENERATED, sources.size());
  }

  /** Every generated source, keyed by path relative to the output root ('/' separators), sorted. */
  public static SortedMap<String, String> generate(CodegenModel model) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Generator generator : GENERATORS) {
      for (JavaFile file : generator.generate(model)) {
        String path = file.packageName().replace('.', '/') + "/" + file.typeSpec().name() + ".java";
        if (out.put(path, file.toString()) != null) {
          throw new IllegalStateException("two generators produced " + path + " (" + generator.name() + ")");
        }
      }
    }
    return out;
  }

  private static void write(Path root, SortedMap<String, String> sources) throws IOException {
    // The directory belongs to the plugin: drop sources of entities that were removed or renamed.
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path old : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
          Files.delete(old);
        }
      }
    }
    for (var e : sources.entrySet()) {
      Path target = root.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
    }
  }

  private static String fingerprint(CodegenRequest request, List<Path> files) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(sha, "plugin=" + pluginVersion());
    // A version string alone misses a rebuilt SNAPSHOT plugin with new generators (seen: stale
    // generated code after a generator change); the plugin jar's own bytes do not.
    update(sha, "plugin-code=" + pluginCodeDigest());
    update(sha, "package=" + request.packageName());
    for (Path file : files) {
      update(sha, "file=" + request.schemaDirectory().relativize(file).toString().replace('\\', '/'));
      byte[] bytes = Files.readAllBytes(file);
      update(sha, "length=" + bytes.length);
      sha.update(bytes);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of the jar this class was loaded from, or "classes" when run from a directory (tests). */
  static String pluginCodeDigest() {
    try {
      Path location = Path.of(Codegen.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return "classes";
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(location)));
    } catch (IOException | java.net.URISyntaxException | NoSuchAlgorithmException | SecurityException e) {
      return "unknown";
    }
  }

  private static void update(MessageDigest sha, String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }
}
