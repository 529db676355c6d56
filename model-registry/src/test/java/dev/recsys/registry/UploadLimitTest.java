package dev.recsys.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An upload over the configured limit is a 413 problem that names the setting, and publishes nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadLimitTest {

  static Path root;

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry registry) throws IOException {
    root = Files.createTempDirectory("registry-limit");
    registry.add("recsys.registry.root", root::toString);
    registry.add("recsys.registry.admin-token", () -> "t");
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:limit;DB_CLOSE_DELAY=-1");
    registry.add("spring.servlet.multipart.max-file-size", () -> "1KB");
    registry.add("spring.servlet.multipart.max-request-size", () -> "64KB");
  }

  @LocalServerPort int port;

  @Test
  void anOversizedFileIsRefusedWith413() throws Exception {
    String boundary = "----limit";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"; filename=\"metadata.json\"\r\n\r\n"
        + "{\"name\":\"itemcf\",\"version\":\"1\"}\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"itemcf.csv\"\r\n\r\n"
        + "x".repeat(4096) + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/models/itemcf/1"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Authorization", "Bearer t")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("max-file-size");
    assertThat(root.resolve("itemcf")).doesNotExist();
  }
}
