package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.registry.validate.ArtifactValidator;
import dev.recsys.registry.validate.PipelineArtifacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Publishing over HTTP: admin only, validated, immutable, nothing left behind when refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublishTest {

  static final String TOKEN = "s3cret-admin-token";
  static Path root;

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws IOException {
    root = Files.createTempDirectory("registry-publish");
    registry.add("recsys.registry.root", root::toString);
    registry.add("recsys.registry.admin-token", () -> TOKEN);
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:publish;DB_CLOSE_DELAY=-1");
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  /** The files of a version the offline pipeline published, by name, metadata.json apart. */
  static Map<String, byte[]> filesOf(String name) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(PipelineArtifacts.models().resolve(name).resolve("1"))) {
      for (Path p : s.sorted().toList()) {
        files.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  HttpResponse<String> publish(String path, String token, byte[] metadata, Map<String, byte[]> files) throws Exception {
    String boundary = "----recsys" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (metadata != null) {
      part(body, boundary, "metadata", "metadata.json", metadata);
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      part(body, boundary, "files", f.getKey(), f.getValue());
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void part(ByteArrayOutputStream out, String boundary, String field, String file, byte[] data)
      throws IOException {
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + file
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdminPublishesAValidatedVersionOnceAndItServesWithChecksums() throws Exception {
    Map<String, byte[]> files = filesOf("widedeep");
    byte[] metadata = files.remove("metadata.json");
    HttpResponse<String> created = publish("/api/v1/models/widedeep/1", TOKEN, metadata, files);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> onnx = get("/api/v1/models/widedeep/1/files/model.onnx");
    assertThat(onnx.statusCode()).isEqualTo(200);
    assertThat(onnx.headers().firstValue("etag").orElseThrow())
        .isEqualTo("\"" + ArtifactValidator.sha256(PipelineArtifacts.models().resolve("widedeep/1/model.onnx")) + "\"");

    HttpResponse<String> again = publish("/api/v1/models/widedeep/1", TOKEN, metadata, files);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already published").contains("immutable");
  }

  HttpResponse<String> post(String path, String actor) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKEN).header("X-Recsys-Actor", actor)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void promoteRollbackAndArchiveMoveStagesAndLeaveAnAuditTrail() throws Exception {
    Map<String, byte[]> files = filesOf("twotower-items");
    byte[] v1 = files.remove("metadata.json");
    byte[] v2 = new String(v1, StandardCharsets.UTF_8).replaceFirst("\"version\": \"1\"", "\"version\": \"2\"")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(publish("/api/v1/models/twotower-items/1", TOKEN, v1, files).statusCode()).isEqualTo(201);
    assertThat(publish("/api/v1/models/twotower-items/2", TOKEN, v2, files).statusCode()).isEqualTo(201);
    assertThat(get("/api/v1/models/twotower-items/production").statusCode()).isEqualTo(404);

    assertThat(post("/api/v1/models/twotower-items/1/promote", "ops-alice").body()).contains("\"stage\":\"production\"");
    // Watch: a long poll parked on "production is 1" wakes when 2 is promoted.
    assertThat(get("/api/v1/models/twotower-items/production?after=1&waitSeconds=1").statusCode()).isEqualTo(304);
    java.util.concurrent.CompletableFuture<HttpResponse<String>> watch = http.sendAsync(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api/v1/models/twotower-items/production?after=1&waitSeconds=30"))
        .build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300);
    assertThat(watch).isNotDone();
    long promoted = System.nanoTime();
    assertThat(post("/api/v1/models/twotower-items/2/promote", "ops-alice").statusCode()).isEqualTo(200);
    HttpResponse<String> woke = watch.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(woke.statusCode()).isEqualTo(200);
    assertThat(woke.body()).contains("\"version\":\"2\"");
    assertThat((System.nanoTime() - promoted) / 1e9).isLessThan(5);
    assertThat(get("/api/v1/models/twotower-items/production?after=2&waitSeconds=0").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/models/twotower-items/production").body()).contains("\"version\":\"2\"");
    HttpResponse<String> back = post("/api/v1/models/twotower-items/rollback", "ops-bob");
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/models/twotower-items/production").body()).contains("\"version\":\"1\"");

    HttpResponse<String> archiveLive = post("/api/v1/models/twotower-items/1/archive", "ops-bob");
    assertThat(archiveLive.statusCode()).isEqualTo(409);
    assertThat(archiveLive.body()).contains("is in production");
    assertThat(post("/api/v1/models/twotower-items/9/promote", "ops-bob").statusCode()).isEqualTo(404);
    HttpResponse<String> longActor = post("/api/v1/models/twotower-items/1/promote", "x".repeat(200));
    assertThat(longActor.statusCode()).isEqualTo(400);
    assertThat(longActor.body()).contains("X-Recsys-Actor is 200 characters; at most 128");

    String audit = get("/api/v1/models/twotower-items/audit").body();
    assertThat(audit.split("\"action\"", -1)).hasSize(1 + 7);
    assertThat(audit).contains("\"actor\":\"ops-alice\",\"action\":\"promote\",\"version\":\"1\",\"from\":\"staging\",\"to\":\"production\"")
        .contains("\"actor\":\"ops-bob\",\"action\":\"rollback\",\"version\":\"2\",\"from\":\"production\",\"to\":\"archived\"");
    HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/v1/models/twotower-items/rollback")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
  }

  @Test
  void writesNeedTheAdminToken() throws Exception {
    Map<String, byte[]> files = filesOf("itemcf");
    byte[] metadata = files.remove("metadata.json");
    HttpResponse<String> none = publish("/api/v1/models/itemcf/1", null, metadata, files);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
    assertThat(publish("/api/v1/models/itemcf/1", "guess", metadata, files).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/models/itemcf").statusCode()).isEqualTo(404);
  }

  @Test
  void aCorruptUploadIsRefusedAndLeavesNothing() throws Exception {
    Map<String, byte[]> files = filesOf("lightgbm");
    byte[] metadata = files.remove("metadata.json");
    byte[] model = files.get("model.txt");
    files.put("model.txt", Arrays.copyOf(model, model.length / 3));
    HttpResponse<String> refused = publish("/api/v1/models/lightgbm/1", TOKEN, metadata, files);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("artifact refused").contains("model.txt");
    assertThat(get("/api/v1/models/lightgbm").statusCode()).isEqualTo(404);
    assertThat(root.resolve("lightgbm")).doesNotExist();
    try (Stream<Path> s = Files.walk(root)) {
      assertThat(s.filter(p -> p.toString().contains(".staging") && Files.isRegularFile(p)).toList()).isEmpty();
    }
  }

  @Test
  void metadataForAnotherNameOrMissingPartsAreBadRequests() throws Exception {
    Map<String, byte[]> files = filesOf("swing");
    byte[] metadata = files.remove("metadata.json");
    HttpResponse<String> wrong = publish("/api/v1/models/itemcf/7", TOKEN, metadata, files);
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("must be 'itemcf'/'7'");
    HttpResponse<String> noMeta = publish("/api/v1/models/swing/1", TOKEN, null, files);
    assertThat(noMeta.statusCode()).isEqualTo(400);
    assertThat(noMeta.body()).contains("'metadata' part");
    HttpResponse<String> badJson = publish("/api/v1/models/swing/1", TOKEN, "{oops".getBytes(StandardCharsets.UTF_8), files);
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.body()).contains("not valid JSON");
  }
}
