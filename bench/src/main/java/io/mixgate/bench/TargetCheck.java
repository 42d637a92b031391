package io.mixgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a full run's JSON lines and says, for each target of the performance issue, whether it
 * was met, with the figures it was judged on. A target whose rows are missing is reported as
 * not measured. The verdicts hold for that run on that machine only.
 */
final class TargetCheck {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String LIGHT = "[light load: 100,000 deliveries/s]";
    private static final String OFFERED = "[offered load: 500,000 deliveries/s]";
    private static final String LIGHT_WRITE_DELAY = "[light load: 100,000 deliveries/s, mixgate servers[0].writeDelay=20ms]";
    /** The fan-out rows CPU per delivery is judged on, each with the load it ran at (subscribers × publishes/s). */
    private static final String[][] FANOUT_ROWS = {
        {"fanout n=1000 rate=100", LIGHT}, {"fanout n=10000 rate=10", LIGHT},
        {"fanout n=1000 rate=500", OFFERED}, {"fanout n=10000 rate=50", OFFERED},
        {"fanout n=1000 rate=100 writeDelay=20ms", LIGHT_WRITE_DELAY}};
    /** The rows at the offered load, where nothing may be lost. */
    private static final String[] OFFERED_LOAD_ROWS = {"fanout n=1000 rate=500", "fanout n=10000 rate=50"};

    private TargetCheck() {
    }

    static String render(Path file) throws IOException {
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("{")) {
                JsonNode row = MAPPER.readTree(line);
                rows.put(row.path("label").asText() + "|" + row.path("target").asText(), row);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : FANOUT_ROWS) {
            ratio(out, rows, row[0], "cpu_s_per_million", 0.7, true, "server CPU per million deliveries <= 0.7x nchan " + row[1]);
        }
        for (String label : OFFERED_LOAD_ROWS) {
            nothingLost(out, rows.get(label + "|mixgate"), label);
        }
        ratio(out, rows, "fanout n=1000 rate=500", "latency_p99_ms", 1.0, true, "p99 latency <= nchan's " + OFFERED);
        ratio(out, rows, "connect n=10000", "connections_per_s", 1.0, false, "connect rate (auth + subscribe) >= nchan's");
        // memory is judged on the first 10,000 connections after start: growth from a fresh process, one-time
        // growth (the JVM's heap and code cache, nginx's pools) included; the rounds after it reuse what the
        // earlier rounds grew (nchan then grows by nothing at all)
        ratio(out, rows, "connect n=10000 cold (the first 10,000 after start)", "rss_per_conn_kb", 0.8, true,
                "RSS per idle subscribed connection <= 0.8x nchan");
        JsonNode idle = rows.get("idle n=19000|mixgate");
        if (idle != null) {
            double kb = idle.path("rss_per_conn_kb").asDouble();
            line(out, idle.path("connected").asLong() >= 19_000, "idle: ~19,000 authenticated connections on one node",
                    String.format(Locale.ROOT, "%d connected, %d open after settle, RSS %.0f MB, %.2f KB per connection; "
                                    + "projected RSS %.1f GB at 100,000 and %.1f GB at 1,000,000 (slope only)",
                            idle.path("connected").asLong(), idle.path("open_after_settle").asLong(),
                            idle.path("server_rss_after_mb").asDouble(), kb, kb * 100_000 / 1048576, kb * 1_000_000 / 1048576));
        }
        JsonNode single = rows.get("publish api single|mixgate");
        if (single != null) {
            double rps = single.path("requests_per_s").asDouble();
            line(out, rps >= 50_000, "publish API single >= 50,000 requests/s", String.format(Locale.ROOT, "%.0f requests/s", rps));
        }
        JsonNode batch = rows.get("publish api batch=500|mixgate");
        if (batch != null) {
            double mps = batch.path("messages_per_s").asDouble();
            line(out, mps >= 500_000, "batch publish >= 500,000 messages/s", String.format(Locale.ROOT, "%.0f messages/s", mps));
        }
        return out.toString();
    }

    /** Met when every publish was answered with success and every subscriber got every message. */
    private static void nothingLost(StringBuilder out, JsonNode row, String label) {
        if (row == null) {
            out.append("NOT MEASURED  ").append(label).append(": nothing lost\n");
            return;
        }
        long lost = row.path("lost").asLong();
        long failed = row.path("publish_failed").asLong();
        long unanswered = row.path("publish_unanswered").asLong();
        line(out, lost == 0 && failed == 0 && unanswered == 0, label + ": nothing lost " + OFFERED,
                String.format(Locale.ROOT, "lost %d of %d expected; publishes failed %d, unanswered %d",
                        lost, row.path("expected").asLong(), failed, unanswered));
    }

    private static void ratio(StringBuilder out, Map<String, JsonNode> rows, String label, String figure, double limit,
                              boolean lowerIsBetter, String what) {
        JsonNode mix = rows.get(label + "|mixgate");
        JsonNode nchan = rows.get(label + "|nchan");
        if (mix == null || nchan == null || !mix.path(figure).isNumber() || !nchan.path(figure).isNumber()) {
            out.append("NOT MEASURED  ").append(label).append(": ").append(what).append('\n');
            return;
        }
        double a = mix.path(figure).asDouble();
        double b = nchan.path(figure).asDouble();
        double r = a / b;
        boolean met = lowerIsBetter ? r <= limit : r >= limit;
        line(out, met, label + ": " + what,
                String.format(Locale.ROOT, "%s mixgate %.3f, nchan %.3f, ratio %.2f", figure, a, b, r));
    }

    private static void line(StringBuilder out, boolean met, String what, String figures) {
        out.append(met ? "MET     " : "MISSED  ").append(what).append(" — ").append(figures).append('\n');
    }
}
