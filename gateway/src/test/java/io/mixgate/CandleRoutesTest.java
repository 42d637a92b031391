package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped scripts/services/ohlcv.lua on a real node, with candles put by a second service
 * through mix.candles.put: seed 004's request and shape exactly, TradingView's UDF, bad
 * parameters, roles, and the memory, Redis and PostgreSQL stores — a store that goes down
 * answers 503 and the service keeps running.
 */
class CandleRoutesTest {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String WRITER = "Basic " + Base64.getEncoder().encodeToString("writer:two".getBytes());

    /** Seed 004's response, oldest last as the seed lists it: timestamp, open, high, low, close, volume. */
    static final String[][] SEED = {
            {"1606165440000", "15541.255", "15551.91", "15541.255", "15551.51", "0"},
            {"1606165380000", "15535.985", "15544.99", "15534.435", "15541.255", "0"},
            {"1606165320000", "15538.6", "15546.085", "15535.985", "15535.985", "0"},
            {"1606165260000", "15540.59", "15548.665", "15537.84", "15538.6", "0"},
            {"1606165200000", "15548.94", "15551.9", "15547.44", "15547.44", "0"},
            {"1606165140000", "15551.845", "15559.89", "15547.54", "15548.94", "0.04699165"},
    };

    static final String FEED = """
            function put(req)
              local body, err = mix.json_decode(req.body)
              if not body then return 400, err end
              local results = {}
              for i, k in ipairs(body.candles) do
                local ok, perr = mix.candles.put(body.pair, body.interval or "1m", k)
                if ok == nil then results[i] = perr else results[i] = ok end
              end
              return 200, results
            end
            """;

    static final String ROUTES = """
              - {method: GET, path: /api/ohlcv, service: ohlcv, function: ohlcv, role: public}
              - {method: GET, path: /api/tv/history, service: ohlcv, function: tv_history, role: public}
              - {method: GET, path: /api/tv/config, service: ohlcv, function: tv_config, role: public}
              - {method: GET, path: /api/tv/symbols, service: ohlcv, function: tv_symbols, role: public}
              - {method: GET, path: /api/tv/time, service: ohlcv, function: tv_time, role: public}
              - {method: GET, path: /api/private/ohlcv, service: ohlcv, function: ohlcv}
              - {method: POST, path: /test/put, service: feed, function: put}
            """;

    static final String USERS = """
                - {username: writer, password: two, roles: [write]}
            """;

    @TempDir
    Path dir;

    private ServiceNodeHarness node(String... overrides) throws Exception {
        ScriptDir scripts = new ScriptDir(dir);
        scripts.write("feed.lua", FEED);
        String services = "  - {name: ohlcv, entry: scripts/services/ohlcv.lua, byteCodeExpires: 0s}\n"
                + "  - {name: feed, entry: " + dir.resolve("feed.lua") + ", byteCodeExpires: 0s}\n";
        // seed 004's candles are from 2020: keep 1m candles for 10 years (the default keeps 7 days)
        List<String> all = new ArrayList<>(List.of("candles.retention.1m=87600h"));
        all.addAll(List.of(overrides));
        return ServiceNodeHarness.start(scripts, services, ROUTES, USERS, all.toArray(String[]::new));
    }

    private static String seedBody(String pair) {
        StringBuilder b = new StringBuilder("{\"pair\":\"" + pair + "\",\"candles\":[");
        for (int i = 0; i < SEED.length; i++) {
            String[] r = SEED[i];
            b.append(i == 0 ? "" : ",").append("{\"t\":").append(r[0]).append(",\"T\":")
                    .append(Long.parseLong(r[0]) + 59_999).append(",\"i\":\"1m\",\"o\":\"").append(r[1])
                    .append("\",\"h\":\"").append(r[2]).append("\",\"l\":\"").append(r[3]).append("\",\"c\":\"")
                    .append(r[4]).append("\",\"v\":\"").append(r[5]).append("\",\"q\":\"0\",\"n\":1,\"x\":true}");
        }
        return b.append("]}").toString();
    }

    static HttpResponse<String> get(ServiceNodeHarness node, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.api(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(ServiceNodeHarness node, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.api("/test/put")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Puts seed 004's candles and checks that its request answers its shape, exactly. */
    private static void seedRoundTrip(ServiceNodeHarness node) throws Exception {
        HttpResponse<String> put = put(node, seedBody("BTC-EUR"), WRITER);
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("[true,true,true,true,true,true]", put.body());
        HttpResponse<String> again = put(node, seedBody("BTC-EUR"), WRITER);
        assertEquals("[false,false,false,false,false,false]", again.body(), "written once");

        HttpResponse<String> r = get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode list = JSON.readTree(r.body());
        assertEquals(SEED.length, list.size(), r.body());
        for (int i = 0; i < SEED.length; i++) {
            JsonNode c = list.get(i);
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                fields.add(it.next());
            }
            assertEquals(List.of("_id", "close", "high", "low", "open", "pair", "timestamp", "volume"), fields);
            assertEquals("BTC-EUR:1m:" + SEED[i][0], c.get("_id").asText());
            assertEquals("BTC-EUR", c.get("pair").asText());
            assertEquals(Long.parseLong(SEED[i][0]), c.get("timestamp").asLong(), "newest first, as the seed");
            assertTrue(c.get("open").isNumber() && c.get("volume").isNumber(), c.toString());
            assertEquals(0, new BigDecimal(SEED[i][1]).compareTo(c.get("open").decimalValue()));
            assertEquals(0, new BigDecimal(SEED[i][2]).compareTo(c.get("high").decimalValue()));
            assertEquals(0, new BigDecimal(SEED[i][3]).compareTo(c.get("low").decimalValue()));
            assertEquals(0, new BigDecimal(SEED[i][4]).compareTo(c.get("close").decimalValue()));
            assertEquals(0, new BigDecimal(SEED[i][5]).compareTo(c.get("volume").decimalValue()));
        }
        assertTrue(r.body().contains("\"volume\":0.04699165}"), r.body());
    }

    @Test
    void servesSeed004AndTradingViewFromMemoryWithClearErrorsAndRoles() throws Exception {
        try (ServiceNodeHarness node = node()) {
            seedRoundTrip(node);

            // exact beyond a double: strings in, the same digits out (as numbers, or as strings on request)
            long recent = (System.currentTimeMillis() / 60_000 - 10) * 60_000;
            String exact = "{\"pair\":\"ETH-USD\",\"candles\":[{\"t\":" + recent + ",\"o\":\"0.1\",\"h\":\"0.30000000000000000001\","
                    + "\"l\":\"0.1\",\"c\":\"0.2\",\"v\":\"12345678901234567890.5\",\"q\":\"1\",\"n\":2}]}";
            assertEquals("[true]", put(node, exact, WRITER).body());
            String asNumbers = get(node, "/api/ohlcv?pair=ETH-USD").body();
            assertTrue(asNumbers.contains("\"high\":0.30000000000000000001,"), asNumbers);
            assertTrue(asNumbers.contains("\"volume\":12345678901234567890.5}"), asNumbers);
            String asStrings = get(node, "/api/ohlcv?pair=ETH-USD&decimals=string").body();
            assertTrue(asStrings.contains("\"high\":\"0.30000000000000000001\","), asStrings);

            // limit and order: desc (default) answers the newest ones, asc the oldest from `from` (paging forward)
            JsonNode newest = JSON.readTree(get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999&limit=2").body());
            assertEquals(1606165440000L, newest.get(0).get("timestamp").asLong());
            assertEquals(1606165380000L, newest.get(1).get("timestamp").asLong());
            JsonNode two = JSON.readTree(get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999&limit=2&order=asc").body());
            assertEquals(1606165140000L, two.get(0).get("timestamp").asLong());
            assertEquals(1606165200000L, two.get(1).get("timestamp").asLong());
            JsonNode firstTwo = JSON.readTree(get(node, "/api/ohlcv?pair=BTC-EUR&from=1606165200000&to=1606165260000").body());
            assertEquals(2, firstTwo.size());
            assertEquals("[]", get(node, "/api/ohlcv?pair=XRP-EUR&from=0&to=9999999999999").body());

            // bad input: 400 naming the parameter, or nil, err from mix.candles.put naming the field
            assertBad(node, "/api/ohlcv?from=0&to=1", "pair: missing");
            assertBad(node, "/api/ohlcv?pair=BTC%20EUR", "pair: \\\"BTC EUR\\\"");
            assertBad(node, "/api/ohlcv?pair=BTC-EUR&from=abc", "from: \\\"abc\\\"");
            assertBad(node, "/api/ohlcv?pair=BTC-EUR&from=5&to=4", "from 5 is after to 4");
            assertBad(node, "/api/ohlcv?pair=BTC-EUR&interval=2d", "interval: \\\"2d\\\"");
            assertBad(node, "/api/ohlcv?pair=BTC-EUR&limit=0", "limit: \\\"0\\\" (expected: 1..1000)");
            assertBad(node, "/api/ohlcv?pair=BTC-EUR&limit=1001", "limit: \\\"1001\\\"");
            assertBad(node, "/api/ohlcv?pair=BTC-EUR&order=up", "order: \\\"up\\\"");
            String badPut = put(node, "{\"pair\":\"BTC-EUR\",\"candles\":[{\"t\":60000,\"o\":\"abc\",\"h\":\"1\",\"l\":\"1\","
                    + "\"c\":\"1\",\"v\":\"1\"},{\"t\":60001,\"o\":\"1\",\"h\":\"1\",\"l\":\"1\",\"c\":\"1\",\"v\":\"1\"},"
                    + "{\"t\":60000,\"o\":\"1\",\"h\":\"1\",\"l\":\"1\",\"c\":\"1\",\"v\":\"1\",\"x\":false}]}", WRITER).body();
            assertEquals("[\"mix.candles.put: k.o: \\\"abc\\\" (expected: a decimal such as \\\"0.5\\\")\","
                    + "\"mix.candles.put: t: 60001 (expected: the start of a 1m interval, a multiple of 60000 ms)\","
                    + "\"mix.candles.put: k.x: false (expected: a closed candle)\"]", badPut);

            // TradingView UDF
            JsonNode h = JSON.readTree(get(node, "/api/tv/history?symbol=BTC-EUR&resolution=1&from=1606165200&to=1606165320").body());
            assertEquals("ok", h.get("s").asText());
            assertEquals("[1606165200,1606165260,1606165320]", h.get("t").toString());
            assertEquals("[15548.94,15540.59,15538.6]", h.get("o").toString());
            assertEquals("[15551.9,15548.665,15546.085]", h.get("h").toString());
            assertEquals("[15547.44,15537.84,15535.985]", h.get("l").toString());
            assertEquals("[15547.44,15538.6,15535.985]", h.get("c").toString());
            assertEquals(3, h.get("v").size());
            JsonNode back = JSON.readTree(get(node, "/api/tv/history?symbol=BTC-EUR&resolution=1&from=0&to=1606165500&countback=2").body());
            assertEquals("[1606165380,1606165440]", back.get("t").toString(), "countback: the last 2 up to to");
            assertEquals("{\"s\":\"no_data\",\"nextTime\":1606165440}",
                    get(node, "/api/tv/history?symbol=BTC-EUR&resolution=1&from=1700000000&to=1700003600").body());
            assertEquals("{\"s\":\"no_data\"}",
                    get(node, "/api/tv/history?symbol=BTC-EUR&resolution=5&from=0&to=1700003600").body());
            HttpResponse<String> badRes = get(node, "/api/tv/history?symbol=BTC-EUR&resolution=7&from=0&to=1");
            assertEquals(400, badRes.statusCode());
            assertEquals("error", JSON.readTree(badRes.body()).get("s").asText());
            assertTrue(JSON.readTree(badRes.body()).get("errmsg").asText().startsWith("resolution: \"7\""), badRes.body());
            assertEquals(400, get(node, "/api/tv/history?symbol=BTC-EUR&resolution=1&from=x&to=1").statusCode());
            JsonNode config = JSON.readTree(get(node, "/api/tv/config").body());
            assertEquals("[\"1\",\"5\",\"15\",\"60\",\"1D\"]", config.get("supported_resolutions").toString());
            JsonNode symbol = JSON.readTree(get(node, "/api/tv/symbols?symbol=BTC-EUR").body());
            assertEquals("BTC-EUR", symbol.get("ticker").asText());
            assertEquals("24x7", symbol.get("session").asText());
            HttpResponse<String> time = get(node, "/api/tv/time");
            assertEquals(200, time.statusCode(), time.body());
            assertTrue(Math.abs(Long.parseLong(time.body()) - System.currentTimeMillis() / 1000) < 60, time.body());

            // roles: a route without role: public needs credentials with write
            assertEquals(401, get(node, "/api/private/ohlcv?pair=BTC-EUR").statusCode());
            assertEquals(401, put(node, seedBody("BTC-EUR"), null).statusCode());
            HttpResponse<String> priv = HTTP.send(HttpRequest.newBuilder(node.api("/api/private/ohlcv?pair=BTC-EUR"))
                    .header("Authorization", WRITER).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, priv.statusCode(), priv.body());
            assertEquals(SEED.length, JSON.readTree(priv.body()).size());
        }
    }

    private static void assertBad(ServiceNodeHarness node, String path, String message) throws Exception {
        HttpResponse<String> r = get(node, path);
        assertEquals(400, r.statusCode(), path + " -> " + r.body());
        assertTrue(r.body().startsWith("{\"E\":{\"c\":400,\"m\":\"" + message)
                || r.body().startsWith("{\"E\":{\"m\":\"" + message), path + " -> " + r.body());
    }

    @Test
    void redisStoreDownAnswers503AndTheServiceKeepsRunning() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             ServiceNodeHarness node = node("candles.store=redis", "redis.pools[0].addr=" + redis.hostPort(),
                     "redis.commandTimeout=1s")) {
            seedRoundTrip(node);
            redis.stop();
            HttpResponse<String> down = get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999");
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("candle store unavailable: redis"), down.body());
            HttpResponse<String> tvDown = get(node, "/api/tv/history?symbol=BTC-EUR&resolution=1&from=0&to=1700000000");
            assertEquals(503, tvDown.statusCode(), tvDown.body());
            assertTrue(tvDown.body().startsWith("{\"errmsg\":\"candle store unavailable")
                    || tvDown.body().contains("\"s\":\"error\""), tvDown.body());
            String putDown = put(node, seedBody("BTC-EUR"), WRITER).body();
            assertTrue(putDown.contains("candle store unavailable: redis"), putDown);
            redis.start();
            // the same service answers again (it never stopped); Redis restarted empty (no persistence here)
            Await.until("the route answers again", Duration.ofSeconds(20),
                    () -> get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999"), r -> r.statusCode() == 200);
            seedRoundTrip(node);
        }
    }

    @Test
    void postgresStoreKeepsExactHistoryAndAnswers503WhileDown() throws Exception {
        try (PostgresServer pg = PostgresServer.launch();
             ServiceNodeHarness node = node("candles.store=postgres", "candles.postgres.url=" + pg.jdbcUrl(),
                     "candles.postgres.queryTimeout=2s", "candles.postgres.connectTimeout=2s")) {
            seedRoundTrip(node);
            pg.stop();
            HttpResponse<String> down = get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999");
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("candle store unavailable: postgres"), down.body());
            pg.start();
            Await.until("the route answers again", Duration.ofSeconds(20),
                    () -> get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999"), r -> r.statusCode() == 200);
            // PostgreSQL kept the history across its restart, and still writes once
            JsonNode list = JSON.readTree(get(node, "/api/ohlcv?pair=BTC-EUR&from=0&to=9999999999999").body());
            assertEquals(SEED.length, list.size());
            assertEquals("[false,false,false,false,false,false]", put(node, seedBody("BTC-EUR"), WRITER).body());
            assertFalse(get(node, "/api/ohlcv?pair=BTC-EUR").body().isEmpty());
        }
    }

}
