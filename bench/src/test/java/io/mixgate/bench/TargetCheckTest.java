package io.mixgate.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetCheckTest {

    private static String fanout(String target, String label, double cpuPerMillion, long expected, long lost, long unanswered) {
        return new Result("fanout", target, label).put("cpu_s_per_million", cpuPerMillion).put("expected", expected)
                .put("lost", lost).put("publish_failed", 0).put("publish_unanswered", unanswered)
                .put("latency_p99_ms", 100.0).toString();
    }

    private static String render(Path dir, List<String> lines) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return TargetCheck.render(file);
    }

    @Test
    void judgesCpuPerDeliveryOnEveryFanoutRowTaggedWithItsLoad(@TempDir Path dir) throws Exception {
        String out = render(dir, List.of(
                fanout("mixgate", "fanout n=1000 rate=100", 6.0, 1_500_000, 0, 0),
                fanout("nchan", "fanout n=1000 rate=100", 10.0, 1_500_000, 0, 0),
                fanout("mixgate", "fanout n=10000 rate=10", 9.0, 1_500_000, 0, 0),
                fanout("nchan", "fanout n=10000 rate=10", 10.0, 1_500_000, 0, 0),
                fanout("mixgate", "fanout n=1000 rate=500", 2.0, 7_500_000, 0, 0),
                fanout("nchan", "fanout n=1000 rate=500", 4.0, 7_500_000, 0, 0),
                fanout("mixgate", "fanout n=10000 rate=50", 3.0, 7_500_000, 12, 1),
                fanout("nchan", "fanout n=10000 rate=50", 3.0, 5_790_000, 0, 171)));

        assertTrue(out.contains("MET     fanout n=1000 rate=100: server CPU per million deliveries <= 0.7x nchan "
                + "[light load: 100,000 deliveries/s] — cpu_s_per_million mixgate 6.000, nchan 10.000, ratio 0.60"), out);
        assertTrue(out.contains("MISSED  fanout n=10000 rate=10: server CPU per million deliveries <= 0.7x nchan "
                + "[light load: 100,000 deliveries/s]"), out);
        assertTrue(out.contains("MET     fanout n=1000 rate=500: server CPU per million deliveries <= 0.7x nchan "
                + "[offered load: 500,000 deliveries/s]"), out);
        assertTrue(out.contains("MISSED  fanout n=10000 rate=50: server CPU per million deliveries <= 0.7x nchan "
                + "[offered load: 500,000 deliveries/s] — cpu_s_per_million mixgate 3.000, nchan 3.000, ratio 1.00"), out);
    }

    @Test
    void saysWhetherNothingWasLostAtTheOfferedLoad(@TempDir Path dir) throws Exception {
        String out = render(dir, List.of(
                fanout("mixgate", "fanout n=1000 rate=500", 2.0, 7_500_000, 0, 0),
                fanout("mixgate", "fanout n=10000 rate=50", 3.0, 7_500_000, 12, 1)));

        assertTrue(out.contains("MET     fanout n=1000 rate=500: nothing lost [offered load: 500,000 deliveries/s] — "
                + "lost 0 of 7500000 expected; publishes failed 0, unanswered 0"), out);
        assertTrue(out.contains("MISSED  fanout n=10000 rate=50: nothing lost [offered load: 500,000 deliveries/s] — "
                + "lost 12 of 7500000 expected; publishes failed 0, unanswered 1"), out);
        assertTrue(out.contains("NOT MEASURED  fanout n=10000 rate=10: server CPU per million deliveries"), out);
    }
}
