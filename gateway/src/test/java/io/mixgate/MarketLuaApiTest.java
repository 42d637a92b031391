package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code mix.market.*} called from a real script on a real node; the answers are what
 * mix.json_encode writes. The symbol-limit test runs last: the symbols a VM named stay counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketLuaApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withScript("probe.lua");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Runs {@code lua} in the probe's on_message; its result must be a JSON string, returned parsed. */
    private static JsonNode eval(WsClient client, String lua) throws Exception {
        JsonNode reply = JSON.readTree(client.ask(lua));
        assertTrue(reply.get("ok").asBoolean(), "lua raised: " + reply.get("r"));
        return JSON.readTree(reply.get("r").asText());
    }

    @Test
    void bookEmitsExactlyTheChangedLevelsAsDepthUpdates() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = eval(c, """
                    local book = mix.market.book("BTCUSDT", {rules = "spot", max_levels = 100})
                    local res = book:apply_snapshot({lastUpdateId = 10,
                        bids = {{"100.10", "1.000"}, {"100.00", "2"}}, asks = {{"100.20", "0.5"}}})
                    local first = book:diff(1700000000000)
                    local stale = book:apply({U = 5, u = 9, b = {{"99", "1"}}, a = {}})
                    local ok = book:apply({U = 9, u = 12, b = {{"100.00", "0"}, {"100.10", "1.0"}}, a = {{100.3, 0.1}}})
                    local diff = book:diff(1700000000100)
                    local none = book:diff(1700000000200)
                    local gap = book:apply({U = 20, u = 21, b = {}, a = {}})
                    local bid, ask = book:best()
                    return mix.json_encode({res = res, first = first, stale = stale.status, ok = ok.status,
                        diff = diff, none = none == nil, gap = gap.status, synced = book:synced(),
                        snap = book:snapshot(), best = {bid, ask}})
                    """);
            assertEquals("{\"crossed\":false,\"status\":\"applied\"}", r.get("res").toString());
            assertEquals(1, r.get("first").get("u").asInt());
            assertEquals("stale", r.get("stale").asText());
            assertEquals("applied", r.get("ok").asText());
            assertEquals("{\"E\":1700000000100,\"U\":2,\"a\":[[\"100.3\",\"0.1\"]],\"b\":[[\"100\",\"0\"]],"
                    + "\"e\":\"depthUpdate\",\"pu\":1,\"s\":\"BTCUSDT\",\"u\":2}", r.get("diff").toString(),
                    "100.10 qty 1.000 -> 1.0 is no change; 100.00 removed; ask 100.3 added from Lua numbers");
            assertTrue(r.get("none").asBoolean(), "nothing changed: no diff");
            assertEquals("gap", r.get("gap").asText());
            assertEquals(false, r.get("synced").asBoolean());
            assertEquals("{\"asks\":[[\"100.2\",\"0.5\"],[\"100.3\",\"0.1\"]],\"bids\":[[\"100.1\",\"1\"]],"
                    + "\"lastUpdateId\":2,\"s\":\"BTCUSDT\"}", r.get("snap").toString());
            assertEquals("[\"100.1\",\"100.2\"]", r.get("best").toString());
        }
    }

    @Test
    void badInputAndLimitsAnswerNilAndAnErrorNamingTheFieldOrLimit() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = eval(c, """
                    local book = mix.market.book("ETHUSDT", {max_levels = 2})
                    local a, e1 = book:apply_snapshot({bids = {{"1e", "1"}}})
                    local b, e2 = book:apply_snapshot({bids = {{"3", "1"}, {"2", "1"}, {"1", "1"}}})
                    local c, e3 = book:apply({b = {{"2", "1"}, {"1", "1"}, {"0.5", "1"}}})
                    local d, e4 = mix.market.book("X", {rules = "kraken"})
                    local t = mix.market.trades({symbol = "ETHUSDT", max_trades = 1})
                    t:add({t = 1, p = "1", q = "1", T = 1, m = true})
                    local f, e5 = t:add({t = 2, p = "1", q = "1", T = 1, m = true})
                    local g, e6 = mix.market.ticker({symbol = "ETHUSDT", bucket_ms = 1})
                    local h, e7 = t:add({t = 3, p = "-1", q = "1", T = 1, m = true})
                    local levels = select(1, book:levels())
                    return mix.json_encode({e1, e2, e3, e4, e5, e6, e7, levels})
                    """);
            assertTrue(r.get(0).asText().contains("snapshot.bids[1].price: \"1e\""), r.get(0).asText());
            assertTrue(r.get(1).asText().contains("max_levels (2)"), r.get(1).asText());
            assertTrue(r.get(2).asText().contains("max_levels (2)"), r.get(2).asText());
            assertTrue(r.get(3).asText().contains("opts.rules: \"kraken\""), r.get(3).asText());
            assertTrue(r.get(4).asText().contains("max_trades (1)"), r.get(4).asText());
            assertTrue(r.get(5).asText().contains("max_buckets (86400)"), r.get(5).asText());
            assertTrue(r.get(6).asText().contains("trade.p: -1"), r.get(6).asText());
            assertEquals(0, r.get(7).asInt(), "refused inputs changed nothing");
        }
    }

    @Test
    void tradesTickerAndCandlesFromTheSameTrades() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = eval(c, """
                    local t0 = 1700000100000 -- a 5 minute boundary
                    local merger = mix.market.trades({symbol = "BTCUSDT"})
                    local ticker = mix.market.ticker({symbol = "BTCUSDT"})
                    local m1 = mix.market.candles({symbol = "BTCUSDT", interval = "1m"})
                    local m5 = mix.market.candles({symbol = "BTCUSDT", interval = "5m"})
                    local closed = {}
                    local trades = {
                        {t = 1, p = "100.1", q = "0.1", T = t0 + 1000, m = false},
                        {t = 2, p = "100.1", q = "0.2", T = t0 + 2000, m = false},
                        {t = 3, p = "100.0", q = "0.3", T = t0 + 3000, side = "sell"},
                        {t = 4, p = "100.2", q = "0.4", T = t0 + 61000, m = false},
                    }
                    for _, tr in ipairs(trades) do
                        merger:add(tr)
                        ticker:add(tr)
                        local k = m1:add(tr)
                        if k then table.insert(closed, k) end
                    end
                    local batch = merger:flush(t0 + 62000)
                    local tick = ticker:poll(t0 + 62000)
                    local again = ticker:poll(t0 + 62500)
                    local k2, open = m1:poll(t0 + 120000)
                    table.insert(closed, k2)
                    for _, k in ipairs(closed) do m5:add_candle(k.k) end
                    local k5 = m5:poll(t0 + 300000)
                    return mix.json_encode({batch = batch, tick = tick, again = again == nil, closed = closed, k5 = k5})
                    """);
            JsonNode batch = r.get("batch");
            assertEquals(3, batch.get("t").size(), "100.1 x2 merged, then 100.0, then 100.2");
            assertEquals("{\"T\":1700000102000,\"f\":1,\"l\":2,\"m\":false,\"n\":2,\"p\":\"100.1\",\"q\":\"0.3\"}",
                    batch.get("t").get(0).toString());
            assertEquals("1", batch.get("v").asText());
            assertEquals("100.11", batch.get("q").asText());
            assertEquals("100.11", batch.get("w").asText());
            assertEquals("100.2", batch.get("h").asText());
            assertEquals("100", batch.get("l").asText());
            JsonNode tick = r.get("tick");
            assertEquals("24hrTicker", tick.get("e").asText());
            assertEquals("100.1", tick.get("o").asText());
            assertEquals("100.2", tick.get("c").asText());
            assertEquals("0.1", tick.get("p").asText());
            assertEquals("0.1", tick.get("P").asText()); // 0.1 / 100.1 * 100 = 0.0999 -> 0.100
            assertEquals(4, tick.get("n").asInt());
            assertTrue(r.get("again").asBoolean(), "at most once a second");
            JsonNode closed = r.get("closed");
            assertEquals(2, closed.size(), "one closed frame per minute");
            assertEquals("{\"L\":3,\"Q\":\"30.03\",\"T\":1700000159999,\"V\":\"0.3\",\"c\":\"100\",\"f\":1,\"h\":\"100.1\","
                    + "\"i\":\"1m\",\"l\":\"100\",\"n\":3,\"o\":\"100.1\",\"q\":\"60.03\",\"s\":\"BTCUSDT\","
                    + "\"t\":1700000100000,\"v\":\"0.6\",\"x\":true}", closed.get(0).get("k").toString());
            JsonNode k5 = r.get("k5").get("k");
            assertEquals("5m", k5.get("i").asText());
            assertEquals(1700000100000L, k5.get("t").asLong(), "UTC-aligned 5 minute candle");
            assertEquals("1", k5.get("v").asText());
            assertEquals(4, k5.get("n").asInt());
        }
    }

    @Test
    void indexAndMarkPrice() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = eval(c, """
                    local mark = mix.market.mark({symbol = "BTCUSDT", scale = 2})
                    local ix = mark:index({{name = "a", price = "100", weight = 1},
                        {name = "b", price = "110", weight = 1}, {name = "c", price = "101", weight = 1}}, 0)
                    mark:sample(0, "100", "101", ix.price)
                    local m = mark:mark({now = 0, index = ix.price, last = "99", funding_rate = "0.0008",
                        next_funding_time = 28800000})
                    return mix.json_encode({ix = ix, m = m})
                    """);
            assertEquals("{\"excluded\":[\"b\"],\"median\":\"101\",\"price\":\"100.5\",\"rule\":\"weighted\","
                    + "\"used\":[\"a\",\"c\"]}", r.get("ix").toString());
            JsonNode m = r.get("m");
            assertEquals("100.58", m.get("p1").asText()); // 100.5 x 1.0008 = 100.5804
            assertEquals("100.5", m.get("p2").asText()); // basis 0
            assertEquals("100.5", m.get("p").asText()); // median(100.58, 100.5, 99)
            assertEquals("markPriceUpdate", m.get("e").asText());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aScriptVmNamesAtMostTheSymbolLimit() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            JsonNode r = eval(c, """
                    for i = 1, 1001 do
                        local b, err = mix.market.book("S" .. i)
                        if not b then return mix.json_encode({i = i, err = err}) end
                    end
                    return mix.json_encode({i = 0})
                    """);
            assertTrue(r.get("i").asInt() > 0, "the limit was hit");
            assertTrue(r.get("err").asText().contains("max symbols per script VM (1000)"), r.get("err").asText());
        }
    }
}
