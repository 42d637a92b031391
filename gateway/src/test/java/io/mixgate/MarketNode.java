package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real node running the shipped market service (scripts/services/market.lua) and the shipped exchange
 * script, with the depth history rules, on free ports; engine input goes in through the real publish API.
 */
final class MarketNode implements AutoCloseable {
    final ServiceNodeHarness node;

    private MarketNode(ServiceNodeHarness node) {
        this.node = node;
    }

    /** {@code options}: the service's options as a YAML flow mapping body, e.g. {@code symbols: "BTCUSDT"}. */
    static MarketNode start(Path dir, String options, String... overrides) throws Exception {
        String services = "  - {name: market, entry: " + Path.of("scripts/services/market.lua").toAbsolutePath()
                + ", mode: one, byteCodeExpires: 0s, options: {" + options + "}}\n";
        String routes = "  - {method: GET, path: /api/market/stats, service: market, function: stats, role: public}\n";
        List<String> all = new ArrayList<>(List.of("history.rules[0].match=ex:*@depth_snapshot",
                "history.rules[0].size=1", "history.rules[0].ttl=1h", "history.rules[1].match=ex:*@depth",
                "history.rules[1].size=100", "history.rules[1].ttl=60s", "history.rules[2].match=ex:*@ticker",
                "history.rules[2].size=1", "history.rules[2].ttl=1h"));
        all.addAll(Arrays.asList(overrides));
        all.add("servers[0].entry=" + Path.of("scripts/entry.websocket.lua").toAbsolutePath());
        return new MarketNode(ServiceNodeHarness.start(new ScriptDir(dir), services, routes, "",
                all.toArray(String[]::new)));
    }

    /** Publishes engine output for {@code symbol} to {@code engine:<symbol>} over POST /v1/mesh/publish. */
    void engine(String symbol, String json) throws Exception {
        ApiClient.Reply r = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("engine:" + symbol, json));
        assertEquals(200, r.status(), r.body());
    }

    WsClient client() {
        return WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + node.gateway.serverPort(0) + "/exchange-stream"));
    }

    /** A client subscribed with the plain protocol to each of {@code channels} (e.g. BTCUSDT@trades). */
    WsClient subscriber(String... channels) throws Exception {
        WsClient c = client();
        for (String ch : channels) {
            assertEquals("{\"result\":true}", c.ask("{\"op\":\"subscribe\",\"channel\":\"" + ch + "\"}"));
        }
        return c;
    }

    JsonNode stats() throws Exception {
        ApiClient.Reply r = ApiClient.get(node.api("/api/market/stats"));
        assertEquals(200, r.status(), r.body());
        return Probe.JSON.readTree(r.body());
    }

    /** Waits until the service has heard that each internal channel (e.g. ex:BTCUSDT@trades) is watched. */
    void awaitWatched(String... channels) throws Exception {
        Eventually.until("the service hears interest in " + Arrays.toString(channels), () -> {
            String watched = stats().path("watched").toString();
            return Arrays.stream(channels).allMatch(ch -> watched.contains("\"" + ch + "\""));
        });
    }

    @Override
    public void close() {
        node.close();
    }
}
