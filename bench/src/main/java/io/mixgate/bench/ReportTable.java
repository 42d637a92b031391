package io.mixgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a run's JSON lines into a side-by-side table: one block per scenario label, one row per
 * figure, a column per target and the mixgate/nchan ratio. Rows labelled "warmup" are left out.
 */
final class ReportTable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> FIGURES = List.of(
            "subscribed", "connected", "failed", "setup_failed", "published", "publish_failed", "publish_unanswered", "expected", "delivered", "lost",
            "delivered_beyond_expected",
            "deliveries_per_s", "latency_p50_ms", "latency_p99_ms", "latency_p999_ms", "latency_max_ms",
            "server_cpu_s", "client_cpu_s", "auth_cpu_s", "cpu_s_per_million", "connections_per_s", "setup_p50_ms", "setup_p99_ms",
            "server_us_per_conn", "client_us_per_conn", "auth_us_per_conn",
            "rss_per_conn_kb", "pss_per_conn_kb", "server_rss_after_mb", "requests_per_s", "messages_per_s", "requests_failed",
            "server_us_per_request", "client_us_per_request");

    private ReportTable() {
    }

    static String render(Path file) throws IOException {
        Map<String, Map<String, JsonNode>> byLabel = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode row = MAPPER.readTree(line);
            String label = row.path("label").asText();
            if (label.startsWith("warmup")) {
                continue;
            }
            byLabel.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(row.path("target").asText(), row);
        }
        StringBuilder out = new StringBuilder();
        String format = "%-26s %16s %16s %10s%n";
        for (var entry : byLabel.entrySet()) {
            out.append(String.format(Locale.ROOT, "%n== %s ==%n", entry.getKey()));
            out.append(String.format(Locale.ROOT, format, "figure", "mixgate", "nchan", "mix/nchan"));
            JsonNode mix = entry.getValue().get("mixgate");
            JsonNode nchan = entry.getValue().get("nchan");
            List<String> shown = new ArrayList<>();
            for (String figure : FIGURES) {
                boolean any = mix != null && mix.has(figure) || nchan != null && nchan.has(figure);
                if (!any) {
                    continue;
                }
                shown.add(figure);
                double a = number(mix, figure);
                double b = number(nchan, figure);
                String ratio = Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "" : String.format(Locale.ROOT, "%.2f", a / b);
                out.append(String.format(Locale.ROOT, format, figure, show(mix, figure), show(nchan, figure), ratio));
            }
            for (JsonNode row : new JsonNode[] {mix, nchan}) {
                if (row != null && row.has("skipped")) {
                    out.append("  ").append(row.path("target").asText()).append(": ").append(row.path("skipped").asText()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static double number(JsonNode row, String figure) {
        return row == null || !row.path(figure).isNumber() ? Double.NaN : row.path(figure).asDouble();
    }

    private static String show(JsonNode row, String figure) {
        if (row == null || !row.has(figure) || row.path(figure).isNull()) {
            return "-";
        }
        JsonNode v = row.path(figure);
        if (v.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%,d", v.asLong());
        }
        double d = v.asDouble();
        return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.3f", d);
    }
}
