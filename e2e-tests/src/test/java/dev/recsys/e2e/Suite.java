package dev.recsys.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every service of the suite started from its executable jar as its own process on loopback,
 * the way {@code ./recsys up} runs them. {@link #close()} stops them all.
 */
final class Suite implements AutoCloseable {

  /** The registry's admin token in the suite: tests publish, promote and roll back with it. */
  static final String ADMIN_TOKEN = "e2e-admin-token";

  static final List<String> SERVICES = List.of("feature-service", "model-registry", "recall-service", "rank-service", "gateway");

  final Path home;
  final Path data;
  final Map<String, Integer> httpPorts = new LinkedHashMap<>();
  final int featureGrpc;
  final int recallGrpc;
  final int rankGrpc;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Suite(Path home, Path data) throws IOException {
    this.home = home;
    this.data = data;
    for (String s : SERVICES) {
      httpPorts.put(s, freePort());
    }
    featureGrpc = freePort();
    recallGrpc = freePort();
    rankGrpc = freePort();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Path root() {
    return Path.of(System.getProperty("recsys.root", "..")).toAbsolutePath().normalize();
  }

  static Path jar(String service) {
    String version = System.getProperty("recsys.version", "0.1.0-SNAPSHOT");
    Path jar = root().resolve(service).resolve("target").resolve(service + "-" + version + "-exec.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing; build with ./mvnw install (package phase) first");
    }
    return jar;
  }

  List<String> args(String service) {
    List<String> a = new ArrayList<>(List.of(
        "--server.address=127.0.0.1", "--server.port=" + httpPorts.get(service), "--recsys.home=" + home));
    switch (service) {
      case "feature-service" -> a.addAll(List.of("--recsys.feature.import-dir=" + data,
          "--recsys.feature.grpc-port=" + featureGrpc));
      case "model-registry" -> a.addAll(List.of("--recsys.registry.root=" + data.resolve("models"),
          "--recsys.registry.import-promotes=true", "--recsys.registry.admin-token=" + ADMIN_TOKEN));
      case "recall-service" -> a.addAll(List.of("--recsys.recall.data-dir=" + data,
          "--recsys.recall.grpc-port=" + recallGrpc, "--recsys.recall.feature-service=127.0.0.1:" + featureGrpc));
      case "rank-service" -> a.addAll(List.of(
          "--recsys.rank.registry.url=http://127.0.0.1:" + httpPorts.get("model-registry"),
          "--recsys.rank.registry.cache-dir=" + home.resolve("cache").resolve("rank-service"),
          "--recsys.rank.grpc-port=" + rankGrpc, "--recsys.rank.feature-service=127.0.0.1:" + featureGrpc));
      case "gateway" -> a.addAll(List.of("--recsys.gateway.recall-service=127.0.0.1:" + recallGrpc,
          "--recsys.gateway.rank-service=127.0.0.1:" + rankGrpc,
          "--recsys.gateway.feature-service=127.0.0.1:" + featureGrpc,
          "--recsys.gateway.feature-service-http=http://127.0.0.1:" + httpPorts.get("feature-service"),
          "--recsys.gateway.model-registry-http=http://127.0.0.1:" + httpPorts.get("model-registry")));
      default -> throw new IllegalArgumentException(service);
    }
    return a;
  }

  void start(String service) throws IOException {
    // A private temp dir per process: lightgbm4j extracts its native library into java.io.tmpdir
    // and rewrites it there, which crashes any other JVM that has the same file mapped.
    Path tmp = Files.createDirectories(home.resolve("tmp").resolve(service));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-XX:+UseSerialGC", "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-jar", jar(service).toString()));
    cmd.addAll(args(service));
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log(service).toFile())
        .start();
    processes.put(service, p);
  }

  Path log(String service) {
    return home.resolve(service + ".log");
  }

  void startAll() throws IOException {
    for (String s : SERVICES) {
      start(s);
    }
  }

  /** Stops one service and starts it again on the same ports and files, then waits for it. */
  void restart(String service, Duration timeout) throws Exception {
    stop(service);
    start(service);
    awaitHealthy(List.of(service), timeout);
  }

  /** Waits until every service's actuator health says UP; fails with the log tail of the one that did not. */
  void awaitHealthy(Duration timeout) throws Exception {
    awaitHealthy(List.copyOf(processes.keySet()), timeout);
  }

  void awaitHealthy(List<String> services, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String s : services) {
      while (!healthy(s)) {
        Process p = processes.get(s);
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(s + (p.isAlive() ? " not healthy in time" : " exited with " + p.exitValue())
              + "; log tail:\n" + tail(log(s), 40));
        }
        Thread.sleep(250);
      }
    }
  }

  boolean healthy(String service) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + httpPorts.get(service) + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  void stop(String service) throws InterruptedException {
    Process p = processes.get(service);
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<String> reversed = new ArrayList<>(processes.keySet());
    java.util.Collections.reverse(reversed);
    for (String s : reversed) {
      stop(s);
    }
  }
}
