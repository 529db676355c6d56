package dev.recsys.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage contract against a real S3-compatible server (S3Proxy) on loopback. */
class S3StorageTest extends StorageContract {

  static S3ProxyServer server;
  static Path serverDir;
  private int bucketNo;
  private String bucket;

  @BeforeAll
  static void startServer() throws Exception {
    serverDir = Files.createTempDirectory("s3proxy");
    server = S3ProxyServer.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  ArtifactStorage storage() {
    bucket = "models-" + System.nanoTime() % 1_000_000 + "-" + (bucketNo++);
    try (S3Client s3 = server.client()) {
      s3.createBucket(r -> r.bucket(bucket));
    }
    return new S3Storage(server.settings(bucket, "registry/"));
  }

  @Override
  Path staging() throws Exception {
    return Files.createDirectories(tmp.resolve("staging"));
  }

  @Override
  void leaveHalfAVersion(ArtifactStorage s, String name, String version) {
    try (S3Client s3 = server.client()) {
      s3.putObject(r -> r.bucket(bucket).key("registry/" + name + "/" + version + "/model.txt"),
          RequestBody.fromString("half"));
    }
  }

  @Test
  void aMissingBucketIsAClearStartError() {
    assertThatThrownBy(() -> new S3Storage(server.settings("no-such-bucket", "")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("S3 bucket 'no-such-bucket'").hasMessageContaining("404");
  }

  @Test
  void wrongCredentialsAreAClearStartError() {
    S3Storage.Settings bad = new S3Storage.Settings(server.endpoint, "us-east-1", "any", "", S3ProxyServer.ACCESS_KEY,
        "wrong-secret", true);
    assertThatThrownBy(() -> new S3Storage(bad)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not usable (403");
  }

  @Test
  void theKeysAreUnderThePrefix() throws Exception {
    ArtifactStorage s = storage();
    s.commit("ranker", "1", stage("model.txt", "x", "metadata.json", "{}"));
    try (S3Client s3 = server.client()) {
      assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(o -> o.key())
          .containsExactly("registry/ranker/1/metadata.json", "registry/ranker/1/model.txt");
    }
  }
}
