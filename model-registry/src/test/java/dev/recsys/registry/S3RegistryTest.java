package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.modelclient.ModelCache;
import dev.recsys.modelclient.RegistryClient;
import dev.recsys.registry.storage.S3ProxyServer;
import dev.recsys.registry.validate.PipelineArtifacts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The registry with {@code storage=s3} on a real S3-compatible server (S3Proxy on loopback):
 * publish, verified download, a refused upload that leaves no object, and a restart that keeps
 * every version and stage.
 */
class S3RegistryTest {

  static final String TOKEN = "s3-admin";

  private static ConfigurableApplicationContext start(S3ProxyServer s3, Path root, Path db) {
    return new SpringApplication(ModelRegistryApplication.class).run(
        "--server.port=0",
        "--recsys.registry.root=" + root,
        "--recsys.registry.admin-token=" + TOKEN,
        "--recsys.registry.storage=s3",
        "--recsys.registry.s3.endpoint=" + s3.endpoint,
        "--recsys.registry.s3.region=us-east-1",
        "--recsys.registry.s3.bucket=models",
        "--recsys.registry.s3.prefix=prod",
        "--recsys.registry.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
        "--recsys.registry.s3.secret-key=" + S3ProxyServer.SECRET_KEY,
        "--spring.datasource.url=jdbc:h2:file:" + db.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
  }

  private static RegistryClient client(ConfigurableApplicationContext ctx) {
    int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
    return new RegistryClient(URI.create("http://127.0.0.1:" + port), TOKEN, Duration.ofSeconds(10));
  }

  @Test
  void publishDownloadAndRestartOnS3(@TempDir Path dir, @TempDir Path root, @TempDir Path db, @TempDir Path cache)
      throws Exception {
    Path models = PipelineArtifacts.models();
    try (S3ProxyServer s3 = S3ProxyServer.start(dir, "models")) {
      try (ConfigurableApplicationContext first = start(s3, root, db)) {
        RegistryClient registry = client(first);
        registry.publish("widedeep", "1", models.resolve("widedeep/1"));
        registry.publish("lightgbm", "1", models.resolve("lightgbm/1"));
        registry.promote("lightgbm", "1");

        // What a service does: download into its cache, every file checked against its sha256.
        Path local = new ModelCache(cache, registry).fetch("widedeep", "1");
        assertThat(Files.readAllBytes(local.resolve("model.onnx")))
            .isEqualTo(Files.readAllBytes(models.resolve("widedeep/1/model.onnx")));

        // A truncated model is refused and leaves no object behind.
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.copy(models.resolve("lightgbm/1/metadata.json"), bad.resolve("metadata.json"));
        byte[] model = Files.readAllBytes(models.resolve("lightgbm/1/model.txt"));
        Files.write(bad.resolve("model.txt"), Arrays.copyOf(model, model.length / 2));
        Files.writeString(bad.resolve("metadata.json"),
            Files.readString(bad.resolve("metadata.json")).replace("\"version\": \"1\"", "\"version\": \"2\""));
        assertThatThrownBy(() -> registry.publish("lightgbm", "2", bad))
            .isInstanceOf(RegistryClient.RegistryException.class).hasMessageContaining("422")
            .hasMessageContaining("model.txt");
      }
      try (S3Client c = s3.client()) {
        assertThat(c.listObjectsV2(r -> r.bucket("models")).contents()).extracting(o -> o.key())
            .allMatch(k -> k.startsWith("prod/widedeep/1/") || k.startsWith("prod/lightgbm/1/"))
            .contains("prod/lightgbm/1/metadata.json", "prod/widedeep/1/model.onnx");
      }
      // Root folder wiped too: after a restart everything comes from the bucket and the database.
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      try (ConfigurableApplicationContext second = start(s3, root, db)) {
        RegistryClient registry = client(second);
        assertThat(registry.production("lightgbm").orElseThrow().version()).isEqualTo("1");
        assertThat(registry.version("widedeep", "1").files()).contains("model.onnx", "metadata.json");
        Path fresh = Files.createTempDirectory(cache, "again");
        assertThat(new ModelCache(fresh, registry).fetch("lightgbm", "1").resolve("model.txt"))
            .hasSameBinaryContentAs(models.resolve("lightgbm/1/model.txt"));
      }
    }
  }
}
