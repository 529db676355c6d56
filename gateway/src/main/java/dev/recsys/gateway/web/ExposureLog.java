package dev.recsys.gateway.web;

import dev.recsys.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exposure records for A/B analysis: what each request was shown, under which arms and config
 * version, one JSON object per line in {@code <exposure-dir>/exposures-YYYY-MM-DD.jsonl} (UTC day,
 * one file per replica and day when the folder is per pod). A writer thread drains a bounded queue,
 * so a slow disk never slows a request; when the queue is full the record is dropped and counted
 * ({@code recsys_gateway_exposures_dropped_total}), which an analysis must treat as missing data.
 */
@Component
public class ExposureLog {

  private static final Logger log = LoggerFactory.getLogger(ExposureLog.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What one request showed. */
  public record Exposure(String requestId, String userId, String scene, String configVersion, Map<String, String> arms,
      List<String> items, List<String> degraded) {}

  private final Path dir;
  private final Clock clock;
  private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(65_536);
  private final Counter written;
  private final Counter dropped;
  private final Thread writer;
  private volatile boolean closed;

  public ExposureLog(GatewayProperties props, MeterRegistry meters) {
    this.dir = props.exposureDir();
    this.clock = Clock.systemUTC();
    this.written = meters.counter("recsys.gateway.exposures.written");
    this.dropped = meters.counter("recsys.gateway.exposures.dropped");
    this.writer = new Thread(this::drain, "exposure-writer");
    writer.setDaemon(true);
    if (dir != null) {
      writer.start();
    }
  }

  public void record(Exposure e) {
    if (dir == null) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", clock.instant().toString());
    line.put("requestId", e.requestId());
    line.put("userId", e.userId());
    line.put("scene", e.scene());
    line.put("configVersion", e.configVersion());
    line.put("arms", e.arms());
    line.put("items", e.items());
    line.put("degraded", e.degraded());
    if (!queue.offer(line)) {
      dropped.increment();
    }
  }

  private void drain() {
    BufferedWriter out = null;
    LocalDate day = null;
    while (!closed || !queue.isEmpty()) {
      try {
        Map<String, Object> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (out != null) {
            out.flush();
          }
          continue;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
          if (out != null) {
            out.close();
          }
          Files.createDirectories(dir);
          out = Files.newBufferedWriter(dir.resolve("exposures-" + today + ".jsonl"), StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          day = today;
        }
        out.write(JSON.writeValueAsString(first));
        out.newLine();
        written.increment();
        Map<String, Object> next;
        while ((next = queue.poll()) != null) {
          out.write(JSON.writeValueAsString(next));
          out.newLine();
          written.increment();
        }
        out.flush();
      } catch (InterruptedException e) {
        closed = true;
      } catch (IOException e) {
        log.error("cannot write exposures to {}: {}", dir, e.getMessage());
        day = null; // reopen next time
      }
    }
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // shutting down
      }
    }
  }

  @PreDestroy
  void close() throws InterruptedException {
    closed = true;
    writer.join(5_000);
  }
}
