package dev.recsys.modelclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model registry's REST API, for services (read, watch, download) and for tools that publish
 * (write operations need the admin token).
 */
public final class RegistryClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String adminToken;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the registry's HTTP root, e.g. {@code http://model-registry:8084}
   * @param adminToken bearer token for writes; null for a read-only client
   * @param timeout connect timeout and the limit for non-watch calls
   */
  public RegistryClient(URI base, String adminToken, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.adminToken = adminToken;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  public URI base() {
    return base;
  }

  /** A version as the registry's stage endpoints describe it. */
  public record VersionInfo(String name, String version, String type, String sha256, long size, String stage) {
    static VersionInfo of(JsonNode n) {
      return new VersionInfo(n.path("name").asText(), n.path("version").asText(), n.path("type").asText(),
          n.path("sha256").asText(), n.path("size").asLong(), n.path("stage").asText());
    }
  }

  /** A version's metadata.json and the names of its stored files. */
  public record VersionFiles(String name, String version, JsonNode metadata, List<String> files) {}

  /** The production version of {@code name}, or empty when it has none. */
  public Optional<VersionInfo> production(String name) throws IOException {
    HttpResponse<String> r = send(get("api/v1/models/" + seg(name) + "/production").timeout(timeout));
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(VersionInfo.of(json(ok(r, "production of " + name))));
  }

  /**
   * Long poll: returns the production version as soon as it is not {@code after} (empty string:
   * as soon as there is one), or empty when {@code waitSeconds} passed without a change.
   */
  public Optional<VersionInfo> awaitChange(String name, String after, int waitSeconds) throws IOException {
    HttpResponse<String> r = send(get("api/v1/models/" + seg(name) + "/production?after="
        + URLEncoder.encode(after == null ? "" : after, StandardCharsets.UTF_8) + "&waitSeconds=" + waitSeconds)
        .timeout(Duration.ofSeconds(waitSeconds).plus(timeout)));
    if (r.statusCode() == 304) {
      return Optional.empty();
    }
    return Optional.of(VersionInfo.of(json(ok(r, "watch of " + name))));
  }

  public VersionFiles version(String name, String version) throws IOException {
    JsonNode n = json(ok(send(get("api/v1/models/" + seg(name) + "/" + seg(version)).timeout(timeout)),
        name + "/" + version));
    List<String> files = new ArrayList<>();
    n.path("files").forEach(f -> files.add(f.asText()));
    return new VersionFiles(name, version, n.path("metadata"), List.copyOf(files));
  }

  /** Streams one file of a version to {@code target}. */
  public void download(String name, String version, String file, Path target) throws IOException {
    HttpResponse<InputStream> r = sendStream(get("api/v1/models/" + seg(name) + "/" + seg(version) + "/files/"
        + seg(file)).build());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new RegistryException(r.statusCode(), name + "/" + version + "/" + file + ": "
            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Publishes the folder {@code dir} (metadata.json plus the files it lists) as {@code name/version}. */
  public JsonNode publish(String name, String version, Path dir) throws IOException {
    String boundary = "recsys-" + Long.toHexString(System.nanoTime());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    part(body, boundary, "metadata", "metadata.json", Files.readAllBytes(dir.resolve("metadata.json")));
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        if (!f.getFileName().toString().equals("metadata.json")) {
          part(body, boundary, "files", f.getFileName().toString(), Files.readAllBytes(f));
        }
      }
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return json(ok(send(admin("api/v1/models/" + seg(name) + "/" + seg(version))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))), "publish " + name + "/" + version));
  }

  public VersionInfo promote(String name, String version) throws IOException {
    return VersionInfo.of(json(ok(send(admin("api/v1/models/" + seg(name) + "/" + seg(version) + "/promote")
        .POST(HttpRequest.BodyPublishers.noBody())), "promote " + name + "/" + version)));
  }

  public VersionInfo rollback(String name) throws IOException {
    return VersionInfo.of(json(ok(send(admin("api/v1/models/" + seg(name) + "/rollback")
        .POST(HttpRequest.BodyPublishers.noBody())), "rollback " + name)));
  }

  /** A refusal by the registry: its HTTP status and its problem detail. */
  public static final class RegistryException extends IOException {
    private final int status;

    public RegistryException(int status, String message) {
      super("registry answered " + status + " for " + message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private static void part(ByteArrayOutputStream out, String boundary, String field, String file, byte[] data)
      throws IOException {
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + file
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).GET();
  }

  private HttpRequest.Builder admin(String path) {
    if (adminToken == null || adminToken.isBlank()) {
      throw new IllegalStateException("this registry client has no admin token; writes need one");
    }
    return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout.multipliedBy(10))
        .header("Authorization", "Bearer " + adminToken);
  }

  private HttpResponse<String> send(HttpRequest.Builder req) throws IOException {
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while calling " + base);
    }
  }

  private HttpResponse<InputStream> sendStream(HttpRequest req) throws IOException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while calling " + base);
    }
  }

  private static String ok(HttpResponse<String> r, String what) throws RegistryException {
    if (r.statusCode() / 100 != 2) {
      throw new RegistryException(r.statusCode(), what + ": " + r.body());
    }
    return r.body();
  }

  private static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** Names and versions are checked by the registry; this only keeps them one path segment. */
  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
