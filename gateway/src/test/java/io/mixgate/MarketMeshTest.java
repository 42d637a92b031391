package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixgate.MarketConflationTest.ConflatedClient;
import io.mixgate.MarketDepthServiceTest.DepthClient;
import io.mixgate.MarketDepthServiceTest.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped market service in a mesh of three nodes on one real Redis: {@code mode: one} runs it on
 * exactly one node (its lease); engine output published on node A reaches it wherever it runs, and depth
 * clients of the exchange script on the other nodes ({@code "snapshot":true} on {@code @depth}, and on a
 * conflated {@code @depth_100ms}) reproduce the engine's book, as do clients that join late on any node
 * (the snapshot and the diffs' history are in Redis).
 */
class MarketMeshTest {
    @TempDir
    Path dir;
    private RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        redis.close();
    }

    private MarketNode node(String name) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve(name));
        List<String> overrides = new ArrayList<>(List.of(MarketConflationTest.CONFLATED_RULES));
        overrides.addAll(List.of("redis.uri=redis://127.0.0.1:" + redis.port, "mesh.leaseTtl=3000ms",
                "mesh.interestTtl=1500ms", "mesh.interestReconcile=2s", "redis.commandTimeout=500ms"));
        MarketNode node = MarketNode.start(scripts, "symbols: \"BTCUSDT\", depth_intervals: \"100ms\", tick_ms: 100",
                overrides.toArray(String[]::new));
        open.add(node);
        return node;
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    /** The nodes whose market stats route answers: the service runs there (elsewhere: "not running"). */
    private static List<MarketNode> running(List<MarketNode> nodes) throws Exception {
        List<MarketNode> out = new ArrayList<>();
        for (MarketNode n : nodes) {
            if (ApiClient.get(n.node.api("/api/market/stats")).status() == 200) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void engineInputOnOneNodeReachesTheOneServiceAndDepthClientsOnOtherNodesHoldTheBook() throws Exception {
        MarketNode a = node("a");
        MarketNode b = node("b");
        MarketNode c = node("c");
        List<MarketNode> nodes = List.of(a, b, c);
        Eventually.until("one node takes the lease and runs the service", () -> running(nodes).size() == 1);
        MarketNode owner = running(nodes).get(0);

        DepthClient every = track(new DepthClient(c.client()));
        JsonNode r = every.subscribe("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"snapshot\":true}");
        assertTrue(r.get("recovered").asBoolean(), r.toString());
        ConflatedClient fast = track(new ConflatedClient(b.client()));
        r = fast.subscribe("BTCUSDT@depth_100ms", null);
        assertTrue(r.get("recovered").asBoolean(), r.toString());
        owner.awaitWatched("ex:BTCUSDT@depth", "ex:BTCUSDT@depth_100ms"); // interest of other nodes reaches it

        Engine engine = new Engine();
        for (int step = 1; step <= 40; step++) {
            a.engine("BTCUSDT", engine.step(step % 3 != 0));
            every.next();
            assertEquals(engine.book.text(), every.book.text(), "client on node C after step " + step);
        }
        while (!fast.book.text().equals(engine.book.text())) {
            fast.next(null); // merged diffs, gap-free by offset, until the last interval's diff
        }
        assertTrue(fast.diffs >= 1 && fast.diffs <= 40, "merged diffs: " + fast.diffs);
        // Late joiners on every node, the owner included: the snapshot and the history are in Redis, so a node
        // that never carried @depth serves the same snapshot and offsets as one that did.
        for (MarketNode n : nodes) {
            DepthClient late = track(new DepthClient(n.client()));
            r = late.subscribe("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"snapshot\":true}");
            assertTrue(r.get("recovered").asBoolean(), r.toString());
            assertEquals(engine.book.text(), late.book.text(), "late @depth joiner on " + (n == owner ? "the owner" : "a node"));
            ConflatedClient lateFast = track(new ConflatedClient(n.client()));
            r = lateFast.subscribe("BTCUSDT@depth_100ms", null);
            assertTrue(r.get("recovered").asBoolean(), r.toString());
            assertEquals(engine.book.text(), lateFast.book.text(), "late @depth_100ms joiner");
        }
        a.engine("BTCUSDT", engine.step(true)); // and the late joiners follow the next change
        every.next();
        assertEquals(engine.book.text(), every.book.text());
        assertEquals(List.of(owner), running(nodes), "the service still runs on exactly one node");
        assertEquals(0, owner.stats().get("rejected").asInt());
    }
}
