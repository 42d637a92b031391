package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The market service's trades, ticker, klines and mark price on a real node, with the engine's event
 * times as the clock ({@code clock: engine}): what real clients receive equals a brute-force
 * recomputation over what the test fed through the publish API.
 */
class MarketFlowServiceTest {
    private static final long BASE = 1_700_000_100_000L; // a 5-minute boundary, UTC
    private static final long MINUTE = 60_000L;

    @TempDir
    Path dir;

    record Fed(long id, BigDecimal price, BigDecimal qty, boolean buy, long time) {
        String json() {
            return "{\"type\":\"trade\",\"E\":" + time + ",\"t\":" + id + ",\"p\":\"" + price.toPlainString() + "\",\"q\":\""
                    + qty.toPlainString() + "\",\"T\":" + time + ",\"side\":\"" + (buy ? "buy" : "sell") + "\"}";
        }
    }

    private static String s(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static List<Fed> trades() {
        Random r = new Random(7);
        List<Fed> out = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < 36; i++) {
            long t = BASE + i * 20_000L;
            if (t / MINUTE == (BASE + 7 * MINUTE) / MINUTE) {
                continue; // minute 7 stays empty: no candle
            }
            int n = 1 + r.nextInt(3);
            for (int j = 0; j < n; j++) {
                out.add(new Fed(id++, BigDecimal.valueOf(1000 + r.nextInt(3), 1), BigDecimal.valueOf(1 + r.nextInt(20), 2),
                        r.nextBoolean(), t + j));
            }
        }
        return out;
    }

    @Test
    void tradesTickerAndKlinesEqualABruteForceRecomputationOfTheFedTrades() throws Exception {
        List<Fed> fed = trades();
        try (MarketNode node = MarketNode.start(dir, "symbols: \"BTCUSDT\", clock: engine, tick_ms: 20, "
                + "trade_window_ms: 20, intervals: \"1m,5m\"");
             WsClient tradesClient = node.subscriber("BTCUSDT@trades");
             WsClient tickerClient = node.subscriber("BTCUSDT@ticker");
             WsClient klines = node.subscriber("BTCUSDT@kline_1m", "BTCUSDT@kline_5m")) {
            node.awaitWatched("ex:BTCUSDT@trades", "ex:BTCUSDT@ticker", "ex:BTCUSDT@kline_1m", "ex:BTCUSDT@kline_5m");
            for (int i = 0; i < fed.size(); i += 3) { // some messages carry several events
                StringBuilder b = new StringBuilder("[");
                for (int j = i; j < Math.min(i + 3, fed.size()); j++) {
                    b.append(j > i ? "," : "").append(fed.get(j).json());
                }
                node.engine("BTCUSDT", b.append(']').toString());
            }
            long end = BASE + 15 * MINUTE;
            node.engine("BTCUSDT", "{\"type\":\"time\",\"E\":" + end + "}");

            checkTrades(fed, tradesClient);
            checkTicker(fed, tickerClient, end);

            // klines: collect until every closed frame is in, then prove no second one follows
            Map<Long, List<Fed>> minutes = new TreeMap<>();
            fed.forEach(f -> minutes.computeIfAbsent(f.time() / MINUTE * MINUTE, k -> new ArrayList<>()).add(f));
            Map<String, JsonNode> closed1m = new LinkedHashMap<>();
            Map<String, JsonNode> closed5m = new LinkedHashMap<>();
            while (closed1m.size() < minutes.size() || closed5m.size() < 3) {
                collectKline(Probe.JSON.readTree(klines.nextText()), closed1m, closed5m);
            }
            long later = BASE + 16 * MINUTE + 5;
            node.engine("BTCUSDT", new Fed(fed.size() + 1, new BigDecimal("100.1"), BigDecimal.ONE, true, later).json());
            while (true) { // the open candle of the later trade comes after any frame an earlier tick made
                JsonNode m = Probe.JSON.readTree(klines.nextText());
                if (!m.get("k").get("x").asBoolean() && m.get("k").get("t").asLong() == later / MINUTE * MINUTE) {
                    break;
                }
                collectKline(m, closed1m, closed5m);
            }
            assertEquals(minutes.size(), closed1m.size(), "one closed 1m frame per minute with trades: " + closed1m.keySet());
            assertFalse(closed1m.containsKey("1m " + (BASE + 7 * MINUTE)), "empty minute: no candle");
            for (var e : minutes.entrySet()) {
                JsonNode k = closed1m.get("1m " + e.getKey());
                assertNotNull(k, "minute " + e.getKey());
                assertCandle(e.getValue(), k);
            }
            for (int five = 0; five < 3; five++) {
                long start = BASE + five * 5 * MINUTE;
                List<JsonNode> ones = closed1m.values().stream()
                        .filter(k -> k.get("t").asLong() >= start && k.get("t").asLong() < start + 5 * MINUTE).toList();
                assertRollup(ones, closed5m.get("5m " + start));
            }
        }
    }

    private static void collectKline(JsonNode m, Map<String, JsonNode> closed1m, Map<String, JsonNode> closed5m) {
        assertEquals("kline", m.get("e").asText());
        JsonNode k = m.get("k");
        if (!k.get("x").asBoolean()) {
            return;
        }
        String key = k.get("i").asText() + " " + k.get("t").asLong();
        Map<String, JsonNode> into = k.get("i").asText().equals("1m") ? closed1m : closed5m;
        assertFalse(into.containsKey(key), "a second closed frame for " + key);
        into.put(key, k);
    }

    private static void assertCandle(List<Fed> trades, JsonNode k) {
        BigDecimal v = BigDecimal.ZERO, q = BigDecimal.ZERO, bv = BigDecimal.ZERO, bq = BigDecimal.ZERO;
        BigDecimal h = trades.getFirst().price(), l = h;
        for (Fed f : trades) {
            v = v.add(f.qty());
            q = q.add(f.qty().multiply(f.price()));
            if (f.buy()) {
                bv = bv.add(f.qty());
                bq = bq.add(f.qty().multiply(f.price()));
            }
            h = h.max(f.price());
            l = l.min(f.price());
        }
        String what = "candle " + k;
        assertEquals(s(trades.getFirst().price()), k.get("o").asText(), what);
        assertEquals(s(trades.getLast().price()), k.get("c").asText(), what);
        assertEquals(s(h), k.get("h").asText(), what);
        assertEquals(s(l), k.get("l").asText(), what);
        assertEquals(s(v), k.get("v").asText(), what);
        assertEquals(s(q), k.get("q").asText(), what);
        assertEquals(s(bv), k.get("V").asText(), what);
        assertEquals(s(bq), k.get("Q").asText(), what);
        assertEquals(trades.size(), k.get("n").asInt(), what);
        assertEquals(trades.getFirst().id(), k.get("f").asLong(), what);
        assertEquals(trades.getLast().id(), k.get("L").asLong(), what);
    }

    private static void assertRollup(List<JsonNode> ones, JsonNode five) {
        assertNotNull(five, "5m candle of " + ones);
        assertFalse(ones.isEmpty());
        BigDecimal v = BigDecimal.ZERO, q = BigDecimal.ZERO, h = null, l = null;
        long n = 0;
        for (JsonNode k : ones) {
            v = v.add(new BigDecimal(k.get("v").asText()));
            q = q.add(new BigDecimal(k.get("q").asText()));
            BigDecimal hi = new BigDecimal(k.get("h").asText());
            BigDecimal lo = new BigDecimal(k.get("l").asText());
            h = h == null ? hi : h.max(hi);
            l = l == null ? lo : l.min(lo);
            n += k.get("n").asLong();
        }
        String what = "5m " + five + " from " + ones;
        assertEquals(ones.getFirst().get("o").asText(), five.get("o").asText(), what);
        assertEquals(ones.getLast().get("c").asText(), five.get("c").asText(), what);
        assertEquals(s(h), five.get("h").asText(), what);
        assertEquals(s(l), five.get("l").asText(), what);
        assertEquals(s(v), five.get("v").asText(), what);
        assertEquals(s(q), five.get("q").asText(), what);
        assertEquals(n, five.get("n").asLong(), what);
        assertEquals(ones.getFirst().get("f").asLong(), five.get("f").asLong(), what);
        assertEquals(ones.getLast().get("L").asLong(), five.get("L").asLong(), what);
    }

    /** Every batch holds consecutive trade ids and equals merging exactly those trades; together, all fed. */
    private static void checkTrades(List<Fed> fed, WsClient client) throws Exception {
        long next = 1;
        while (next <= fed.size()) {
            JsonNode batch = Probe.JSON.readTree(client.nextText());
            assertEquals("trades", batch.get("e").asText(), batch.toString());
            assertEquals(next, batch.get("f").asLong(), "batches follow each other: " + batch);
            long last = batch.get("L").asLong();
            List<Fed> in = fed.subList((int) next - 1, (int) last);
            List<String> expected = new ArrayList<>();
            BigDecimal qty = BigDecimal.ZERO, v = BigDecimal.ZERO, quote = BigDecimal.ZERO;
            Fed first = null;
            int count = 0;
            for (int i = 0; i <= in.size(); i++) {
                Fed f = i < in.size() ? in.get(i) : null;
                if (first != null && (f == null || !f.price().equals(first.price()) || f.buy() != first.buy())) {
                    Fed prev = in.get(i - 1);
                    expected.add(s(first.price()) + " " + s(qty) + " " + !first.buy() + " " + first.id() + " " + prev.id()
                            + " " + count + " " + prev.time());
                    first = null;
                }
                if (f != null) {
                    if (first == null) {
                        first = f;
                        qty = BigDecimal.ZERO;
                        count = 0;
                    }
                    qty = qty.add(f.qty());
                    count++;
                    v = v.add(f.qty());
                    quote = quote.add(f.qty().multiply(f.price()));
                }
            }
            List<String> got = new ArrayList<>();
            for (JsonNode e : batch.get("t")) {
                got.add(e.get("p").asText() + " " + e.get("q").asText() + " " + e.get("m").asBoolean() + " "
                        + e.get("f").asLong() + " " + e.get("l").asLong() + " " + e.get("n").asInt() + " " + e.get("T").asLong());
            }
            assertEquals(expected, got, "merged entries of " + batch);
            assertEquals(s(v), batch.get("v").asText());
            assertEquals(s(quote), batch.get("q").asText());
            assertEquals(in.size(), batch.get("n").asInt());
            next = last + 1;
        }
    }

    private static void checkTicker(List<Fed> fed, WsClient client, long end) throws Exception {
        JsonNode t;
        do {
            t = Probe.JSON.readTree(client.nextText());
        } while (t.get("n").asInt() < fed.size());
        BigDecimal v = BigDecimal.ZERO, q = BigDecimal.ZERO, h = fed.getFirst().price(), l = h;
        for (Fed f : fed) {
            v = v.add(f.qty());
            q = q.add(f.qty().multiply(f.price()));
            h = h.max(f.price());
            l = l.min(f.price());
        }
        BigDecimal o = fed.getFirst().price(), c = fed.getLast().price();
        BigDecimal change = c.subtract(o);
        String what = "ticker " + t;
        assertEquals("24hrTicker", t.get("e").asText(), what);
        long closeTime = t.get("C").asLong();
        assertTrue(closeTime >= fed.getLast().time() && closeTime <= end, "the engine's clock, not the wall clock: " + t);
        assertEquals(s(o), t.get("o").asText(), what);
        assertEquals(s(c), t.get("c").asText(), what);
        assertEquals(s(h), t.get("h").asText(), what);
        assertEquals(s(l), t.get("l").asText(), what);
        assertEquals(s(v), t.get("v").asText(), what);
        assertEquals(s(q), t.get("q").asText(), what);
        assertEquals(s(change), t.get("p").asText(), what);
        assertEquals(s(change.multiply(BigDecimal.valueOf(100)).divide(o, 3, RoundingMode.HALF_EVEN)), t.get("P").asText(), what);
        assertEquals(s(q.divide(v, MathContext.DECIMAL128)), t.get("w").asText(), what);
        assertEquals(fed.size(), t.get("n").asInt(), what);
        assertEquals(1, t.get("F").asLong(), what);
        assertEquals(fed.size(), t.get("L").asLong(), what);
    }

    @Test
    void markPriceFollowsTheMedianRuleOverIndexFundingAndTheBook() throws Exception {
        try (MarketNode node = MarketNode.start(dir, "symbols: \"MARKUSD\", clock: engine, tick_ms: 20");
             WsClient client = node.subscriber("MARKUSD@markprice")) {
            node.awaitWatched("ex:MARKUSD@markprice");
            long now = 1_700_000_000_000L;
            // index: 150 deviates > 5 % from the median 100.5 and is left out: (100 + 101 + 99) / 3 = 100
            // p1 = 100 * (1 + 0.0008 * 4h / 8h) = 100.04; p2 = 100 + basis (mid 100 - index 100 = 0) = 100
            // mark = median(100.04, 100, last 100.02) = 100.02
            node.engine("MARKUSD", "[{\"type\":\"snapshot\",\"E\":" + now + ",\"bids\":[[\"99.9\",\"1\"]],\"asks\":[[\"100.1\",\"2\"]]},"
                    + "{\"type\":\"trade\",\"E\":" + now + ",\"t\":1,\"p\":\"100.02\",\"q\":\"1\",\"T\":" + now + ",\"side\":\"buy\"},"
                    + "{\"type\":\"index\",\"E\":" + now + ",\"sources\":[{\"name\":\"a\",\"price\":\"100\",\"time\":" + now + "},"
                    + "{\"name\":\"b\",\"price\":\"101\",\"time\":" + now + "},{\"name\":\"c\",\"price\":\"99\",\"time\":" + now + "},"
                    + "{\"name\":\"d\",\"price\":\"150\",\"time\":" + now + "}]},"
                    + "{\"type\":\"funding\",\"E\":" + now + ",\"r\":\"0.0008\",\"T\":" + (now + 4 * 3_600_000L) + "}]");
            JsonNode m = Probe.JSON.readTree(client.nextText());
            assertEquals("markPriceUpdate", m.get("e").asText(), m.toString());
            assertEquals("100.02", m.get("p").asText(), m.toString());
            assertEquals("100", m.get("i").asText(), m.toString());
            assertEquals("100.04", m.get("p1").asText(), m.toString());
            assertEquals("100", m.get("p2").asText(), m.toString());
            assertEquals("0", m.get("b").asText(), m.toString());
            assertEquals("0.0008", m.get("r").asText(), m.toString());
            assertEquals(now + 4 * 3_600_000L, m.get("T").asLong(), m.toString());
            assertEquals(now, m.get("E").asLong(), "engine time");
            // unchanged inputs: no second message; a new last price moves the mark
            node.engine("MARKUSD", "{\"type\":\"trade\",\"E\":" + now + ",\"t\":2,\"p\":\"100.03\",\"q\":\"1\",\"T\":" + now + ",\"side\":\"sell\"}");
            m = Probe.JSON.readTree(client.nextText());
            assertEquals("100.03", m.get("p").asText(), "only on change, and the next one follows the new last: " + m);
        }
    }
}
