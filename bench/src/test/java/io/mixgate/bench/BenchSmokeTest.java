package io.mixgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario of the load tool at tiny scale (10 connections, 1 second) against a real
 * node, and checks that it completes and that its counts add up. Never asserts on a time or a
 * rate: this is CI's check that the bench works, not a benchmark.
 */
class BenchSmokeTest {
    private static AuthEndpoint auth;
    private static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        auth = new AuthEndpoint(0);
        node = new NodeProcess(auth.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    private static Result run(String scenario, String... extra) throws InterruptedException {
        String[] base = {"--scenario", scenario, "--target", "mixgate", "--ws", "127.0.0.1:" + node.wsPort,
                "--http", "127.0.0.1:" + node.apiPort, "--pid", Long.toString(node.pid()), "--n", "10",
                "--rate", "10", "--seconds", "1", "--settle", "0.2", "--connections", "2", "--batch", "5"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return BenchMain.run(BenchOptions.parse(args, 0));
    }

    @Test
    void fanoutDeliversEveryPublishToEverySubscriber() throws Exception {
        Result r = run("fanout");

        assertEquals(10, r.getLong("subscribed"), r::toString);
        assertEquals(10, r.getLong("published"), r::toString);
        assertEquals(100, r.getLong("expected"), r::toString);
        assertEquals(r.getLong("expected"), r.getLong("delivered") + r.getLong("lost"), r::toString);
        assertEquals(0, r.getLong("lost"), r::toString);
        assertTrue(r.json().has("server_cpu_s") && r.json().has("client_cpu_s"), r::toString);
        assertTrue(r.json().has("latency_p99_ms"), r::toString);
    }

    @Test
    void privateChannelsDeliverEachPublishToItsUserOnly() throws Exception {
        Result r = run("private");

        assertEquals(10, r.getLong("subscribed"), r::toString);
        assertEquals(10, r.getLong("expected"), r::toString);
        assertEquals(10, r.getLong("delivered"), r::toString);
        assertEquals(0, r.getLong("unexpected_messages"), r::toString);
    }

    @Test
    void connectAuthenticatesSubscribesAndMeasuresMemory() throws Exception {
        Result r = run("connect");

        assertEquals(10, r.getLong("connected"), r::toString);
        assertEquals(0, r.getLong("failed"), r::toString);
        assertTrue(r.json().has("rss_per_conn_kb"), r::toString);
        assertTrue(r.json().has("client_cpu_s") && r.json().has("client_us_per_conn") && r.json().has("server_us_per_conn"),
                r::toString);
        assertEquals(10, r.getLong("open_after_settle"), r::toString);
    }

    @Test
    void publishApiAnswersEveryRequest() throws Exception {
        Result single = run("publish");
        Result batch = run("publish-batch");

        assertTrue(single.getLong("requests_ok") > 0, single::toString);
        assertEquals(0, single.getLong("requests_failed"), single::toString);
        assertTrue(single.json().has("client_us_per_request") && single.json().has("server_us_per_request"), single::toString);
        assertTrue(batch.getLong("requests_ok") > 0, batch::toString);
        assertEquals(0, batch.getLong("requests_failed"), batch::toString);
    }

    @Test
    void upstreamFeedReachesEverySubscriber() throws Exception {
        int providerPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            providerPort = free.getLocalPort();
        }
        try (NodeProcess upstreamNode = new NodeProcess(auth.url(), "upstreams[0].name=bench",
                "upstreams[0].entry=bench/scripts/upstream.lua", "upstreams[0].options.url=ws://127.0.0.1:" + providerPort + "/",
                "upstreams[0].linger=0s", "upstreams[0].reconnect.initial=100ms")) {
            Result r = BenchMain.run(BenchOptions.parse(new String[]{"--scenario", "upstream", "--target", "mixgate",
                    "--ws", "127.0.0.1:" + upstreamNode.wsPort, "--http", "127.0.0.1:" + upstreamNode.apiPort,
                    "--pid", Long.toString(upstreamNode.pid()), "--provider", "127.0.0.1:" + providerPort,
                    "--n", "10", "--rate", "50", "--seconds", "1"}, 0));

            assertEquals(10, r.getLong("subscribed"), r::toString);
            assertEquals(50, r.getLong("upstream_frames"), r::toString);
            assertEquals(500, r.getLong("expected"), r::toString);
            assertEquals(500, r.getLong("delivered"), r::toString);
            assertTrue(r.json().has("server_us_per_upstream_frame") && r.json().has("latency_p99_ms"), r::toString);
        }
    }

    @Test
    void marketServiceTurnsEngineSnapshotsIntoDepthDiffs() throws Exception {
        try (NodeProcess marketNode = new NodeProcess(auth.url(), MARKET_NODE)) {
            Result r = BenchMain.run(BenchOptions.parse(new String[]{"--scenario", "market", "--target", "mixgate",
                    "--ws", "127.0.0.1:" + marketNode.wsPort, "--http", "127.0.0.1:" + marketNode.apiPort,
                    "--pid", Long.toString(marketNode.pid()), "--symbols", "3", "--levels", "20", "--changes", "2",
                    "--n", "3", "--rate", "5", "--seconds", "1"}, 0));

            assertEquals(15, r.getLong("snapshots_sent"), r::toString);
            assertEquals(15, r.getLong("snapshots_accepted"), r::toString);
            // every snapshot changes a level, so each one is a diff to the one subscriber of its symbol
            assertEquals(15, r.getLong("diffs_delivered"), r::toString);
            assertTrue(r.json().has("server_us_per_snapshot") && r.json().has("sustained_snapshots_per_s"), r::toString);
        }
    }

    /** The node run.sh starts for the market scenario: the shipped market service and the depth history rules. */
    static final String[] MARKET_NODE = {"services[0].name=market", "services[0].entry=scripts/services/market.lua",
            "services[0].mode=one", "history.rules[0].match=ex:*@depth_snapshot", "history.rules[0].size=1",
            "history.rules[0].ttl=1h", "history.rules[1].match=ex:*@depth", "history.rules[1].size=100",
            "history.rules[1].ttl=60s"};

    @Test
    void tablePutsTargetsSideBySide(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Result mix = new Result("fanout", "mixgate", "fanout n=1").put("delivered", 10).put("cpu_s_per_million", 2.0);
        Result nchan = new Result("fanout", "nchan", "fanout n=1").put("delivered", 10).put("cpu_s_per_million", 4.0);
        Files.writeString(file, mix + "\n" + nchan + "\n");

        String table = ReportTable.render(file);

        assertTrue(table.contains("== fanout n=1 =="), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("cpu_s_per_million") && l.endsWith("0.50")), table);
    }
}
