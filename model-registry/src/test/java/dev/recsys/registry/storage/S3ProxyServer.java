package dev.recsys.registry.storage;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy (Jetty and jclouds, on a local folder) run from
 * its self-contained jar as a separate process on loopback, with SigV4 authentication on. The
 * build copies the jar to {@code target/s3proxy/s3proxy.jar}.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "registry-test";
  public static final String SECRET_KEY = "registry-test-secret";

  private final Process process;
  private final Path log;
  public final String endpoint;

  private S3ProxyServer(Process process, Path log, String endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  /** Starts the server over {@code dir} and creates {@code buckets}. */
  public static S3ProxyServer start(Path dir, String... buckets) throws Exception {
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing; the build's generate-test-resources phase copies it");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    Path data = Files.createDirectories(dir.resolve("objects"));
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=" + endpoint,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + data), java.nio.charset.StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", conf.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3ProxyServer server = new S3ProxyServer(p, log, endpoint);
    try {
      server.awaitUp(Duration.ofSeconds(60));
      try (S3Client s3 = server.client()) {
        for (String b : buckets) {
          s3.createBucket(r -> r.bucket(b));
        }
      }
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  private void awaitUp(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode(); // any answer (403 without credentials) means it is serving
        c.disconnect();
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start; log:\n" + Files.readString(log));
        }
        Thread.sleep(200);
      }
    }
  }

  public S3Client client() {
    return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  public S3Storage.Settings settings(String bucket, String prefix) {
    return new S3Storage.Settings(endpoint, "us-east-1", bucket, prefix, ACCESS_KEY, SECRET_KEY, true);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
