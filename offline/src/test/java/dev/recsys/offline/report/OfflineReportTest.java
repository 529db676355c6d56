package dev.recsys.offline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.offline.recall.RecallEvaluator;
import dev.recsys.transform.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineReportTest {

  private static Map<Integer, Double> at(double a, double b, double c) {
    Map<Integer, Double> m = new LinkedHashMap<>();
    m.put(10, a);
    m.put(20, b);
    m.put(50, c);
    return m;
  }

  @Test
  void writesJsonAndAStandaloneHtmlWithChartsAndEscapedNames(@TempDir Path dir) throws Exception {
    OfflineReport r = new OfflineReport(Map.of("source", "synthetic"),
        List.of(new RecallEvaluator.Report("popular", 100, at(0.1, 0.2, 0.3), at(0.05, 0.07, 0.1), at(0.3, 0.4, 0.5)),
            new RecallEvaluator.Report("<itemcf>", 100, at(0.2, 0.3, 0.5), at(0.1, 0.12, 0.2), at(0.5, 0.6, 0.7))),
        List.of(new RankerMetrics("popularity", 0.65, 0.6, 0.76, 0, true),
            new RankerMetrics("widedeep", 0.74, 0.55, 0.76, 120, false)),
        Map.of("split", 1.5), Instant.parse("2026-11-23T10:00:00Z"));
    Path html = r.write(dir);
    String page = Files.readString(html);
    assertThat(page).contains("<svg", "Recall@K", "NDCG@K", "Test AUC", "Bayes-optimal 0.7600", "&lt;itemcf&gt;")
        .doesNotContain("<itemcf>", "<script");
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("report.json")), "report.json");
    assertThat(json.get("rankers").toString()).contains("fraction_of_bayes_auc=0.973684");
    assertThat(json.get("recall").toString()).contains("@50=0.5");
  }

  @Test
  void unknownBayesOptimalIsNotApplicable() {
    RankerMetrics m = new RankerMetrics("lightgbm", 0.8, 0.5, Double.NaN, 3, false);
    assertThat(m.fractionOfBayes()).isNaN();
    String page = new OfflineReport(Map.of(), List.of(), List.of(m), Map.of(), Instant.EPOCH).html();
    assertThat(page).contains("n/a").doesNotContain("Bayes-optimal 0");
  }
}
