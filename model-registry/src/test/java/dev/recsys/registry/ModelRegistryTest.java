package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelRegistryTest {

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws IOException {
    Path root = Files.createTempDirectory("registry");
    Path v1 = Files.createDirectories(root.resolve("lightgbm/1"));
    Files.writeString(v1.resolve("model.txt"), "tree\n");
    Files.writeString(v1.resolve("metadata.json"),
        "{\"name\":\"lightgbm\",\"version\":\"1\",\"model_file\":\"model.txt\",\"sha256\":\"abc\"}");
    // The offline pipeline's layout: one sha256 per file.
    Path wd = Files.createDirectories(root.resolve("widedeep/1"));
    Files.writeString(wd.resolve("model.onnx"), "onnx");
    Files.writeString(wd.resolve("transform_spec.json"), "{}");
    Files.writeString(wd.resolve("metadata.json"), "{\"name\":\"widedeep\",\"version\":\"1\",\"model_file\":\"model.onnx\","
        + "\"sha256\":\"s1\",\"files\":[{\"name\":\"model.onnx\",\"sha256\":\"s1\",\"size\":4},"
        + "{\"name\":\"transform_spec.json\",\"sha256\":\"s2\",\"size\":2}]}");
    registry.add("recsys.registry.root", root::toString);
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:readonly;DB_CLOSE_DELAY=-1");
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsVersionsAndServesArtifactsWithTheirChecksum() throws Exception {
    assertThat(get("/api/v1/models").body()).contains("lightgbm");
    assertThat(get("/api/v1/models/lightgbm/1").body()).contains("\"files\":[\"metadata.json\",\"model.txt\"]")
        .contains("\"sha256\":\"abc\"");
    HttpResponse<String> file = get("/api/v1/models/lightgbm/1/files/model.txt");
    assertThat(file.body()).isEqualTo("tree\n");
    assertThat(file.headers().firstValue("etag")).hasValue("\"abc\"");
    assertThat(get("/api/v1/models/lightgbm/1/files/metadata.json").headers().firstValue("etag")).isEmpty();
  }

  @Test
  void eachFileOfAMultiFileVersionCarriesItsOwnChecksum() throws Exception {
    assertThat(get("/api/v1/models/widedeep/1/files/model.onnx").headers().firstValue("etag")).hasValue("\"s1\"");
    assertThat(get("/api/v1/models/widedeep/1/files/transform_spec.json").headers().firstValue("etag"))
        .hasValue("\"s2\"");
  }

  @Test
  void versionsFoundOnDiskAtStartAreRecordedAsStaging() throws Exception {
    assertThat(get("/api/v1/models/lightgbm/audit").body()).contains("\"actor\":\"import\"")
        .contains("\"to\":\"staging\"");
    assertThat(get("/api/v1/models/lightgbm/production").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownOrUnsafeNamesAreClearErrors() throws Exception {
    HttpResponse<String> unknown = get("/api/v1/models/twotower");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("known models: [lightgbm, widedeep]");
    assertThat(get("/api/v1/models/lightgbm/9").body()).contains("versions: [1]");
    assertThat(get("/api/v1/models/lightgbm/1/files/other.bin").statusCode()).isEqualTo(404);
    HttpResponse<String> unsafe = get("/api/v1/models/..lightgbm");
    assertThat(unsafe.statusCode()).isEqualTo(400);
    assertThat(unsafe.body()).contains("[A-Za-z0-9._-]");
  }
}
