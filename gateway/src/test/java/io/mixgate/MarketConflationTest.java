package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixgate.MarketDepthServiceTest.Book;
import io.mixgate.MarketDepthServiceTest.Engine;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The market service's conflated books ({@code <symbol>@depth_<n>ms}) on a real node with the engine
 * clock: clients of the shipped exchange script take the conflated channel's snapshot and its merged
 * diffs and must hold the engine's book as of each message's time, at most one message per interval;
 * nothing is published for an unwatched conflated book.
 */
class MarketConflationTest {
    static final long T0 = 1_700_000_000_000L;
    static final String[] CONFLATED_RULES = {"history.rules[3].match=ex:*@depth_*_snapshot", "history.rules[3].size=1",
            "history.rules[3].ttl=1h", "history.rules[4].match=ex:*@depth_*", "history.rules[4].size=100",
            "history.rules[4].ttl=60s"};

    @TempDir
    Path dir;

    /** A client applying snapshot + diffs by offset, checking each diff against the engine's book at its time. */
    static final class ConflatedClient implements AutoCloseable {
        final WsClient ws;
        final Book book = new Book();
        int diffs;
        long firstE = -1;
        long lastE = -1;
        long lastU = -1;

        ConflatedClient(WsClient ws) {
            this.ws = ws;
        }

        JsonNode subscribe(String channel, NavigableMap<Long, String> engineAt) throws Exception {
            ws.send("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"snapshot\":true}");
            while (true) {
                JsonNode m = Probe.JSON.readTree(ws.nextText());
                if (m.has("result") || m.has("code")) {
                    return m;
                }
                take(m, engineAt);
            }
        }

        void next(NavigableMap<Long, String> engineAt) throws Exception {
            take(Probe.JSON.readTree(ws.nextText()), engineAt);
        }

        private void take(JsonNode m, NavigableMap<Long, String> engineAt) {
            if (m.has("snapshot")) {
                book.load(m.get("snapshot"));
                book.offset = m.get("offset").asLong();
                book.epoch = m.get("epoch").asText();
                lastU = m.get("snapshot").get("lastUpdateId").asLong();
                return;
            }
            long offset = m.get("offset").asLong();
            if (book.offset < 0 || offset <= book.offset) {
                return;
            }
            assertEquals(book.offset + 1, offset, "gap in the conflated stream: " + m);
            JsonNode diff = m.get("data");
            assertEquals("depthUpdate", diff.get("e").asText(), m.toString());
            if (lastU > 0) {
                assertEquals(lastU, diff.get("pu").asLong(), "merged diffs chain by pu = previous u: " + m);
            }
            assertTrue(diff.get("U").asLong() <= diff.get("u").asLong(), m.toString());
            Book.apply(book.bids, diff.get("b"));
            Book.apply(book.asks, diff.get("a"));
            book.offset = offset;
            lastU = diff.get("u").asLong();
            long e = diff.get("E").asLong();
            if (engineAt != null) { // null: the wall clock, message times name no engine step
                Map.Entry<Long, String> expected = engineAt.floorEntry(e); // the engine's book at the message's time
                assertNotNull(expected, "a message before the engine's first step: " + m);
                assertEquals(expected.getValue(), book.text(), "conflated client at E=" + e);
            }
            diffs++;
            if (firstE < 0) {
                firstE = e;
            }
            lastE = e;
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    private MarketNode start(String options) throws Exception {
        return MarketNode.start(dir, options, CONFLATED_RULES);
    }

    private static String at(String event, long e) {
        return event.replace("\"E\":1700000000000", "\"E\":" + e);
    }

    @Test
    void conflatedClientsHoldTheEngineBookAtEachMessageWithAtMostOneMessagePerInterval() throws Exception {
        try (MarketNode node = start("symbols: \"BTCUSDT\", clock: engine, depth_intervals: \"100ms,1000ms\", "
                + "snapshot_every: 5, tick_ms: 50");
             MarketDepthServiceTest.DepthClient every = new MarketDepthServiceTest.DepthClient(node.client());
             ConflatedClient fast = new ConflatedClient(node.client());
             ConflatedClient late = new ConflatedClient(node.client())) {
            NavigableMap<Long, String> engineAt = new TreeMap<>();
            engineAt.put(0L, "bids  asks ");
            assertTrue(every.subscribe("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"snapshot\":true}")
                    .get("recovered").asBoolean());
            JsonNode r = fast.subscribe("BTCUSDT@depth_100ms", engineAt);
            assertTrue(r.get("recovered").asBoolean(), r.toString());
            node.awaitWatched("ex:BTCUSDT@depth", "ex:BTCUSDT@depth_100ms");

            Engine engine = new Engine();
            int steps = 80;
            long step = 30; // engine ms between book messages: about 3 per 100 ms interval
            for (int i = 1; i <= steps; i++) {
                long e = T0 + i * step;
                node.engine("BTCUSDT", at(engine.step(i % 3 != 0), e));
                engineAt.put(e, engine.book.text());
                every.next(); // @depth still carries every change, beside the conflated channel
                assertEquals(engine.book.text(), every.book.text(), "@depth client after step " + i);
                if (i == 40) { // joins mid-stream: the conflated channel's own snapshot, then its merged diffs
                    r = late.subscribe("BTCUSDT@depth_100ms", engineAt);
                    assertTrue(r.get("recovered").asBoolean(), r.toString());
                    assertTrue(late.book.offset > 0, "a snapshot of the conflated channel, tagged with its offset: " + r);
                }
            }
            long end = T0 + steps * step + 1000;
            node.engine("BTCUSDT", "{\"type\":\"time\",\"E\":" + end + "}"); // the last interval ends: its diff goes out
            while (!fast.book.text().equals(engine.book.text())) {
                fast.next(engineAt);
            }
            while (!late.book.text().equals(engine.book.text())) {
                late.next(engineAt);
            }
            long elapsed = fast.lastE - fast.firstE;
            assertTrue(fast.diffs >= 10, "merged diffs go out every interval with changes: " + fast.diffs);
            assertTrue(fast.diffs <= elapsed / 100 + 1, fast.diffs + " messages in " + elapsed + " engine ms");
            assertTrue(fast.diffs < steps / 2, "conflated: fewer messages than book changes (" + fast.diffs + ")");
            assertTrue(late.diffs <= (late.lastE - late.firstE) / 100 + 1, late.diffs + " messages");
            assertEquals(0, node.stats().get("rejected").asInt());
        }
    }

    @Test
    void nothingIsPublishedForAnUnwatchedConflatedBook() throws Exception {
        try (MarketNode node = start("symbols: \"BTCUSDT,ETHUSDT\", clock: engine, depth_intervals: \"100ms\"");
             ConflatedClient btc = new ConflatedClient(node.client());
             WsClient probe = node.client()) {
            NavigableMap<Long, String> engineAt = new TreeMap<>();
            engineAt.put(0L, "bids  asks ");
            btc.subscribe("BTCUSDT@depth_100ms", engineAt);
            node.awaitWatched("ex:BTCUSDT@depth_100ms");
            Engine eth = new Engine();
            Engine btcEngine = new Engine();
            for (int i = 1; i <= 10; i++) {
                node.engine("ETHUSDT", at(eth.step(true), T0 + i * 200));
            }
            long e = T0 + 3000;
            node.engine("BTCUSDT", at(btcEngine.step(true), e));
            engineAt.put(e, btcEngine.book.text());
            btc.next(engineAt); // handled in order: ETH's books were handled before
            assertEquals(btcEngine.book.text(), btc.book.text());
            for (String channel : new String[] {"ETHUSDT@depth_100ms", "ETHUSDT@depth_100ms_snapshot",
                    "ETHUSDT@depth", "BTCUSDT@depth"}) {
                JsonNode current = Probe.JSON.readTree(probe.ask("{\"op\":\"current\",\"channel\":\"" + channel + "\"}"));
                assertTrue(current.get("data").isNull(), "nothing published on unwatched " + channel + ": " + current);
            }
            // the first subscriber of ETH's conflated book gets the whole book as one diff
            try (ConflatedClient ethClient = new ConflatedClient(node.client())) {
                NavigableMap<Long, String> ethAt = new TreeMap<>();
                ethAt.put(T0 + 3000, eth.book.text()); // the service's clock when it hears the subscriber
                JsonNode r = ethClient.subscribe("ETHUSDT@depth_100ms", ethAt);
                assertTrue(r.get("recovered").asBoolean(), r.toString());
                while (!ethClient.book.text().equals(eth.book.text())) {
                    ethClient.next(ethAt);
                }
            }
        }
    }

    @Test
    void aBadIntervalIsRefusedWithAnErrorNamingTheOptionAndTheValue() {
        Exception e = assertThrows(Exception.class, () -> start("symbols: \"BTCUSDT\", depth_intervals: \"100ms,5s\"").close());
        assertTrue(e.getMessage().contains("market service option depth_intervals: 5s (expected: comma-separated <n>ms, n 10..60000)"),
                e.getMessage());
    }
}
