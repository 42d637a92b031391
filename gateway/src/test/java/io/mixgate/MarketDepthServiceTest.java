package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The market service's {@code @depth} on a real node: engine book snapshots and updates go in through
 * the publish API; WebSocket clients of the shipped exchange script take the snapshot and every diff and
 * must hold the engine's book after every step (joining at the start, mid-stream, and after a reconnect).
 */
class MarketDepthServiceTest {
    @TempDir
    Path dir;

    /** A book side: price -> quantity, exact decimals. */
    static final class Book {
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>();
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        long offset = -1;
        String epoch;

        void load(JsonNode snapshot) {
            bids.clear();
            asks.clear();
            apply(bids, snapshot.get("bids"));
            apply(asks, snapshot.get("asks"));
        }

        static void apply(TreeMap<BigDecimal, BigDecimal> side, JsonNode levels) {
            if (levels == null) {
                return;
            }
            for (JsonNode l : levels) {
                BigDecimal p = new BigDecimal(l.get(0).asText());
                BigDecimal q = new BigDecimal(l.get(1).asText());
                if (q.signum() == 0) {
                    side.remove(p);
                } else {
                    side.put(p, q);
                }
            }
        }

        String text() {
            return "bids " + plain(bids.descendingMap()) + " asks " + plain(asks);
        }

        private static String plain(Map<BigDecimal, BigDecimal> m) {
            StringBuilder b = new StringBuilder();
            m.forEach((p, q) -> b.append(p.stripTrailingZeros().toPlainString()).append('=')
                    .append(q.stripTrailingZeros().toPlainString()).append(' '));
            return b.toString();
        }
    }

    /** A client of the exchange script that applies snapshot and diffs by offset, as the README tells a front end. */
    static final class DepthClient implements AutoCloseable {
        final WsClient ws;
        final Book book = new Book();
        boolean subscribed;

        DepthClient(WsClient ws) {
            this.ws = ws;
        }

        /** Sends the subscribe and takes messages until its reply; returns the reply. */
        JsonNode subscribe(String request) throws Exception {
            ws.send(request);
            while (true) {
                JsonNode m = Probe.JSON.readTree(ws.nextText());
                if (m.has("result") || m.has("code")) {
                    subscribed = m.has("result");
                    return m;
                }
                take(m);
            }
        }

        /** Takes the next message: a snapshot or a diff. */
        void next() throws Exception {
            take(Probe.JSON.readTree(ws.nextText()));
        }

        private void take(JsonNode m) {
            if (m.has("snapshot")) {
                book.load(m.get("snapshot"));
                book.offset = m.get("offset").asLong();
                book.epoch = m.get("epoch").asText();
                return;
            }
            long offset = m.get("offset").asLong();
            if (book.offset < 0 || offset <= book.offset) {
                return; // before the snapshot, or already in it
            }
            assertEquals(book.offset + 1, offset, "gap in the diff stream: " + m);
            assertEquals(book.epoch, m.get("epoch").asText());
            JsonNode diff = m.get("data");
            assertEquals("depthUpdate", diff.get("e").asText());
            Book.apply(book.bids, diff.get("b"));
            Book.apply(book.asks, diff.get("a"));
            book.offset = offset;
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    /** The engine's book: random levels around 100, a few changed per step. */
    static final class Engine {
        final Random random = new Random(15);
        final Book book = new Book();

        String step(boolean asSnapshot) {
            TreeMap<BigDecimal, BigDecimal> changesB = new TreeMap<>();
            TreeMap<BigDecimal, BigDecimal> changesA = new TreeMap<>();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                boolean bid = random.nextBoolean();
                BigDecimal price = BigDecimal.valueOf((bid ? 9000 : 10001) + (bid ? -1 : 1) * random.nextInt(40), 2);
                var side = bid ? book.bids : book.asks;
                BigDecimal q = side.containsKey(price) && random.nextInt(3) == 0 ? BigDecimal.ZERO
                        : BigDecimal.valueOf(1 + random.nextInt(5000), 3);
                (bid ? changesB : changesA).put(price, q);
            }
            changesB.forEach((p, q) -> put(book.bids, p, q));
            changesA.forEach((p, q) -> put(book.asks, p, q));
            if (asSnapshot) {
                return "{\"type\":\"snapshot\",\"E\":1700000000000,\"bids\":" + levels(book.bids.descendingMap())
                        + ",\"asks\":" + levels(book.asks) + "}";
            }
            return "{\"type\":\"depth\",\"E\":1700000000000,\"b\":" + levels(changesB) + ",\"a\":" + levels(changesA) + "}";
        }

        private static void put(TreeMap<BigDecimal, BigDecimal> side, BigDecimal p, BigDecimal q) {
            if (q.signum() == 0) {
                side.remove(p);
            } else {
                side.put(p, q);
            }
        }

        private static String levels(Map<BigDecimal, BigDecimal> m) {
            StringBuilder b = new StringBuilder("[");
            m.forEach((p, q) -> b.append(b.length() > 1 ? "," : "").append("[\"").append(p.toPlainString())
                    .append("\",\"").append(q.toPlainString()).append("\"]"));
            return b.append(']').toString();
        }
    }

    private static String subscribe(String channel) {
        return "{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"snapshot\":true}";
    }

    @Test
    void clientsThatTakeTheSnapshotAndEveryDiffHoldTheEngineBookAtEveryStep() throws Exception {
        try (MarketNode node = MarketNode.start(dir, "symbols: \"BTCUSDT,ETHUSDT\", snapshot_every: 7, tick_ms: 50");
             DepthClient first = new DepthClient(node.client());
             DepthClient mid = new DepthClient(node.client());
             DepthClient back = new DepthClient(node.client())) {
            JsonNode reply = first.subscribe(subscribe("BTCUSDT@depth"));
            assertTrue(reply.get("recovered").asBoolean(), reply.toString());
            assertEquals("", first.book.text().replace("bids  asks ", ""), "no book yet");
            back.subscribe(subscribe("BTCUSDT@depth"));
            node.awaitWatched("ex:BTCUSDT@depth");

            Engine engine = new Engine();
            String epoch = null;
            long backOffset = 0;
            for (int step = 1; step <= 60; step++) {
                node.engine("BTCUSDT", engine.step(step % 3 != 0));
                first.next();
                assertEquals(engine.book.text(), first.book.text(), "first client after step " + step);
                if (step <= 20) {
                    back.next();
                    assertEquals(engine.book.text(), back.book.text(), "reconnecting client after step " + step);
                }
                if (step == 20) {
                    epoch = back.book.epoch;
                    backOffset = back.book.offset;
                    back.ws.closeGracefully();
                }
                if (step == 30) { // joins mid-stream: snapshot (older than the latest diff) + the diffs after it
                    JsonNode r = mid.subscribe(subscribe("BTCUSDT@depth"));
                    assertTrue(r.get("recovered").asBoolean(), r.toString());
                    assertEquals(first.book.offset, mid.book.offset, "snapshot + replay reach the latest diff");
                    assertEquals(engine.book.text(), mid.book.text(), "mid-stream client at its reply");
                }
                if (step > 30) {
                    mid.next();
                    assertEquals(engine.book.text(), mid.book.text(), "mid-stream client after step " + step);
                }
            }
            // the client that left after step 20 comes back with since: the history still holds its diffs
            try (DepthClient again = new DepthClient(node.client())) {
                again.book.offset = backOffset;
                again.book.epoch = epoch;
                again.book.bids.putAll(back.book.bids);
                again.book.asks.putAll(back.book.asks);
                JsonNode r = again.subscribe("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"snapshot\":true,"
                        + "\"since\":{\"offset\":" + backOffset + ",\"epoch\":\"" + epoch + "\"}}");
                assertTrue(r.get("recovered").asBoolean(), r.toString());
                assertEquals(40, r.get("missed").asInt(), "steps 21..60, one diff each");
                assertEquals(engine.book.text(), again.book.text(), "reconnected client");
                node.engine("BTCUSDT", engine.step(true));
                again.next();
                first.next();
                assertEquals(engine.book.text(), again.book.text(), "reconnected client, live");
            }
            // a since from another epoch: the snapshot instead
            try (DepthClient stale = new DepthClient(node.client())) {
                JsonNode r = stale.subscribe("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"snapshot\":true,"
                        + "\"since\":{\"offset\":3,\"epoch\":\"not-this-one\"}}");
                assertTrue(r.get("recovered").asBoolean(), r.toString());
                assertEquals(engine.book.text(), stale.book.text(), "client resynced from the snapshot");
            }
        }
    }

    @Test
    void nothingIsPublishedForAnUnwatchedBookAndItsFirstSubscriberGetsTheWholeBook() throws Exception {
        try (MarketNode node = MarketNode.start(dir, "symbols: \"BTCUSDT,ETHUSDT\"");
             DepthClient btc = new DepthClient(node.client());
             WsClient probe = node.client()) {
            btc.subscribe(subscribe("BTCUSDT@depth"));
            node.awaitWatched("ex:BTCUSDT@depth");
            Engine eth = new Engine();
            Engine btcEngine = new Engine();
            for (int i = 0; i < 10; i++) {
                node.engine("ETHUSDT", eth.step(true));
            }
            // the service handles its input in order: once BTC's diff is out, ETH's 10 books were handled
            node.engine("BTCUSDT", btcEngine.step(true));
            btc.next();
            JsonNode current = Probe.JSON.readTree(probe.ask("{\"op\":\"current\",\"channel\":\"ETHUSDT@depth\"}"));
            assertTrue(current.get("data").isNull(), "no diff published for an unwatched book: " + current);
            current = Probe.JSON.readTree(probe.ask("{\"op\":\"current\",\"channel\":\"ETHUSDT@depth_snapshot\"}"));
            assertTrue(current.get("data").isNull(), "no snapshot either: " + current);

            try (DepthClient ethClient = new DepthClient(node.client())) {
                JsonNode r = ethClient.subscribe(subscribe("ETHUSDT@depth"));
                assertTrue(r.get("recovered").asBoolean(), r.toString());
                while (!ethClient.book.text().equals(eth.book.text())) {
                    ethClient.next(); // the service, told of the subscriber, publishes the whole book as one diff
                }
                node.engine("ETHUSDT", eth.step(false));
                ethClient.next();
                assertEquals(eth.book.text(), ethClient.book.text());
            }
            JsonNode stats = node.stats();
            assertEquals(0, stats.get("rejected").asInt(), stats.toString());
        }
    }

    @Test
    void plainSubscribersSeeTheDiffsAsPublishedAndBadEngineInputIsRefusedWithoutHarm() throws Exception {
        try (MarketNode node = MarketNode.start(dir, "symbols: \"BTCUSDT\"");
             WsClient plain = node.subscriber("BTCUSDT@depth")) {
            node.awaitWatched("ex:BTCUSDT@depth");
            node.engine("BTCUSDT", "{\"type\":\"snapshot\",\"E\":1,\"bids\":[[\"1x\",\"1\"]],\"asks\":[]}");
            node.engine("BTCUSDT", "not json");
            node.engine("BTCUSDT", "{\"type\":\"weird\"}");
            node.engine("BTCUSDT", "[{\"type\":\"snapshot\",\"E\":2,\"bids\":[[\"99.5\",\"2\"]],\"asks\":[[\"100.5\",\"1\"]]},"
                    + "{\"type\":\"depth\",\"E\":3,\"b\":[[\"99.5\",\"0\"]],\"a\":[]}]");
            JsonNode d1 = Probe.JSON.readTree(plain.nextText());
            assertEquals("depthUpdate", d1.get("e").asText(), d1.toString());
            assertEquals("[[\"99.5\",\"2\"]]", d1.get("b").toString());
            assertEquals("[[\"100.5\",\"1\"]]", d1.get("a").toString());
            JsonNode d2 = Probe.JSON.readTree(plain.nextText());
            assertEquals("[[\"99.5\",\"0\"]]", d2.get("b").toString());
            assertEquals(d1.get("u").asLong(), d2.get("pu").asLong(), "diffs chain by u/pu");
            assertEquals(3, node.stats().get("rejected").asInt());
            assertFalse(d2.has("offset"), "plain subscribers get the published text as it is");
        }
    }
}
