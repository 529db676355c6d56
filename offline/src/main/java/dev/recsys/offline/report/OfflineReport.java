package dev.recsys.offline.report;

import dev.recsys.offline.recall.RecallEvaluator;
import dev.recsys.transform.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline's quality report: every recall source against the popularity baseline
 * (Recall/NDCG/HR at K = 10, 20, 50) and every ranker against its baselines (AUC, logloss, and
 * the fraction of the Bayes-optimal AUC where the data knows it), as {@code report.json} and a
 * self-contained {@code report.html} with SVG bar charts (no scripts, no external files).
 */
public record OfflineReport(Map<String, Object> dataset, List<RecallEvaluator.Report> recall,
    List<RankerMetrics> rankers, Map<String, Double> stepSeconds, Instant createdAt) {

  public OfflineReport {
    // LinkedHashMap, not Map.copyOf: imported datasets have null seed and size.
    dataset = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dataset));
    recall = List.copyOf(recall);
    rankers = List.copyOf(rankers);
    stepSeconds = new LinkedHashMap<>(stepSeconds);
  }

  /** Writes {@code dir/report.json} and {@code dir/report.html}; returns the HTML file. */
  public Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.json"), Json.write(toJson()), StandardCharsets.UTF_8);
      Path html = dir.resolve("report.html");
      Files.writeString(html, html(), StandardCharsets.UTF_8);
      return html;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
    }
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("created_at", createdAt.toString());
    m.put("dataset", new java.util.TreeMap<>(dataset));
    List<Object> rs = new ArrayList<>();
    for (RecallEvaluator.Report r : recall) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("source", r.source());
      e.put("users", r.users());
      e.put("recall", byK(r.recall()));
      e.put("ndcg", byK(r.ndcg()));
      e.put("hit_rate", byK(r.hitRate()));
      rs.add(e);
    }
    m.put("recall", rs);
    List<Object> ks = new ArrayList<>();
    for (RankerMetrics r : rankers) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", r.name());
      e.put("baseline", r.baseline());
      e.put("auc", round(r.auc()));
      e.put("logloss", round(r.logloss()));
      e.put("bayes_optimal_auc", round(r.bayesOptimalAuc()));
      e.put("fraction_of_bayes_auc", round(r.fractionOfBayes()));
      e.put("train_seconds", round(r.seconds()));
      ks.add(e);
    }
    m.put("rankers", ks);
    Map<String, Object> steps = new LinkedHashMap<>();
    stepSeconds.forEach((k, v) -> steps.put(k, round(v)));
    m.put("step_seconds", steps);
    return m;
  }

  private static Map<String, Object> byK(Map<Integer, Double> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put("@" + k, round(v)));
    return out;
  }

  private static Double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1e6) / 1e6;
  }

  // ------------------------------------------------------------------ HTML

  private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"};

  String html() {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>recsys offline report</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
        .append("</style></head><body>\n<h1>Offline quality report</h1>\n<p>");
    b.append(esc("created " + createdAt + "; dataset " + dataset)).append("</p>\n");
    if (!recall.isEmpty()) {
      b.append("<h2>Recall sources (held-out split, ").append(recall.get(0).users()).append(" users)</h2>\n");
      b.append(recallTable());
      b.append(recallChart("Recall@K", RecallEvaluator.Report::recall));
      b.append(recallChart("NDCG@K", RecallEvaluator.Report::ndcg));
    }
    if (!rankers.isEmpty()) {
      b.append("<h2>Rankers</h2>\n").append(rankerTable()).append(aucChart());
    }
    if (!stepSeconds.isEmpty()) {
      b.append("<h2>Step wall times</h2>\n<table><tr><th>step</th><th>seconds</th></tr>\n");
      stepSeconds.forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", v)).append("</td></tr>\n"));
      b.append("</table>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private String recallTable() {
    StringBuilder b = new StringBuilder("<table><tr><th>source</th>");
    for (String metric : List.of("Recall", "NDCG", "HR")) {
      for (int k : RecallEvaluator.KS) {
        b.append("<th>").append(metric).append('@').append(k).append("</th>");
      }
    }
    b.append("</tr>\n");
    for (RecallEvaluator.Report r : recall) {
      b.append("<tr><td>").append(esc(r.source())).append("</td>");
      for (Map<Integer, Double> m : List.of(r.recall(), r.ndcg(), r.hitRate())) {
        for (int k : RecallEvaluator.KS) {
          b.append(String.format(Locale.ROOT, "<td>%.4f</td>", m.get(k)));
        }
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private String rankerTable() {
    StringBuilder b = new StringBuilder(
        "<table><tr><th>ranker</th><th>AUC</th><th>logloss</th><th>Bayes-optimal AUC</th><th>fraction of Bayes</th><th>train s</th></tr>\n");
    for (RankerMetrics r : rankers) {
      b.append("<tr><td>").append(esc(r.name() + (r.baseline() ? " (baseline)" : ""))).append("</td>")
          .append(cell(r.auc())).append(cell(r.logloss())).append(cell(r.bayesOptimalAuc()))
          .append(cell(r.fractionOfBayes())).append(String.format(Locale.ROOT, "<td>%.1f</td>", r.seconds()))
          .append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "<td>n/a</td>" : String.format(Locale.ROOT, "<td>%.4f</td>", v);
  }

  /** Grouped bars: one group per K, one bar per source. */
  private String recallChart(String title, java.util.function.Function<RecallEvaluator.Report, Map<Integer, Double>> metric) {
    int w = 640;
    int h = 260;
    int left = 50;
    int bottom = 30;
    double max = 1e-9;
    for (RecallEvaluator.Report r : recall) {
      for (double v : metric.apply(r).values()) {
        max = Math.max(max, v);
      }
    }
    max = niceCeil(max);
    int groups = RecallEvaluator.KS.length;
    double groupW = (w - left - 10) / (double) groups;
    double barW = groupW * 0.8 / recall.size();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<h3>%s</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n",
        esc(title), w, h + 20 * ((recall.size() + 3) / 4), esc(title)));
    axis(b, left, h, bottom, w, max);
    for (int g = 0; g < groups; g++) {
      int k = RecallEvaluator.KS[g];
      double x0 = left + g * groupW + groupW * 0.1;
      for (int s = 0; s < recall.size(); s++) {
        double v = metric.apply(recall.get(s)).get(k);
        double bh = (h - bottom - 10) * v / max;
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s@%d = %.4f</title></rect>\n",
            x0 + s * barW, h - bottom - bh, barW - 1, bh, COLORS[s % COLORS.length], esc(recall.get(s).source()), esc(title.replace("@K", "")), k, v));
      }
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">K=%d</text>\n",
          left + g * groupW + groupW / 2, h - bottom + 16, k));
    }
    for (int s = 0; s < recall.size(); s++) {
      int lx = left + (s % 4) * 140;
      int ly = h + 20 * (s / 4) + 5;
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
          lx, ly, COLORS[s % COLORS.length], lx + 16, ly + 11, esc(recall.get(s).source())));
    }
    return b.append("</svg>\n").toString();
  }

  /** One bar per ranker; a dashed line at the Bayes-optimal AUC when known. */
  private String aucChart() {
    int w = 640;
    int h = 240;
    int left = 50;
    int bottom = 30;
    double lo = 0.5;
    double hi = 1.0;
    double plotH = h - bottom - 10;
    double barW = (w - left - 10) / (double) rankers.size();
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "<h3>Test AUC</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"test AUC\">\n", w, h));
    b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, h - bottom, w - 10, h - bottom));
    for (double t = lo; t <= hi + 1e-9; t += 0.1) {
      double y = h - bottom - plotH * (t - lo) / (hi - lo);
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%.1f</text><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
          left - 4, y + 4, t, left, y, w - 10, y));
    }
    double bayes = Double.NaN;
    for (int i = 0; i < rankers.size(); i++) {
      RankerMetrics r = rankers.get(i);
      double v = Math.max(lo, Math.min(hi, Double.isNaN(r.auc()) ? lo : r.auc()));
      double bh = plotH * (v - lo) / (hi - lo);
      double x = left + i * barW + barW * 0.15;
      b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s AUC %.4f</title></rect>\n",
          x, h - bottom - bh, barW * 0.7, bh, r.baseline() ? "#bab0ac" : COLORS[i % COLORS.length], esc(r.name()), r.auc()));
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>\n",
          x + barW * 0.35, h - bottom + 16, esc(r.name())));
      if (!Double.isNaN(r.bayesOptimalAuc())) {
        bayes = r.bayesOptimalAuc();
      }
    }
    if (!Double.isNaN(bayes)) {
      double y = h - bottom - plotH * (bayes - lo) / (hi - lo);
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e15759\" stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" fill=\"#e15759\">Bayes-optimal %.4f</text>\n",
          left, y, w - 10, y, w - 12, y - 4, bayes));
    }
    return b.append("</svg>\n").toString();
  }

  private static void axis(StringBuilder b, int left, int h, int bottom, int w, double max) {
    double plotH = h - bottom - 10;
    b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, h - bottom, w - 10, h - bottom));
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double y = h - bottom - plotH * i / 4;
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%.3f</text><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
          left - 4, y + 4, v, left, y, w - 10, y));
    }
  }

  private static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
