package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /v1/upstreams and the upstream metrics: subscription states with the provider's error, freshness, staleness. */
class UpstreamStatusApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode upstreams(UpstreamNode node) throws Exception {
        ApiClient.Reply reply = ApiClient.get(node.api("/v1/upstreams"));
        assertEquals(200, reply.status(), reply.body());
        return JSON.readTree(reply.body()).get("r");
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        return null;
    }

    @Test
    void showsStatesProviderErrorsFreshnessAndStalenessInTheApiAndMetrics() throws Exception {
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                if (text.contains("\"s\":\"good\"") && text.contains("\"op\":\"sub\"")) {
                    conn.send("{\"ack\":\"good\"}");
                    conn.send("{\"s\":\"good\",\"v\":1}");
                } else if (text.contains("\"s\":\"bad\"") && text.contains("\"op\":\"sub\"")) {
                    conn.send("{\"nack\":\"bad\",\"err\":\"unknown symbol\"}");
                }
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start("""
                       - name: t
                         entry: gateway/src/test/resources/lua/upstreams/generic.lua
                         options: { url: "%s" }
                         staleAfter: 2s
                     """.formatted(exchange.url("/ws")));
             WsClient client = WsClient.connect(node.wsUri())) {
            client.ask("{\"op\":\"subscribe\",\"channel\":\"good@t\"}");
            assertEquals("{\"s\":\"good\",\"v\":1}", client.nextText());
            client.ask("{\"op\":\"subscribe\",\"channel\":\"bad@t\"}");

            JsonNode t = Await.until("bad refused", WAIT, () -> upstreams(node).get(0),
                    u -> "failed".equals(find(u.get("subscriptions"), "key", "bad").get("state").asText()));
            assertEquals("t", t.get("name").asText());
            assertEquals("unknown symbol", find(t.get("subscriptions"), "key", "bad").get("error").asText());
            assertEquals("subscribed", find(t.get("subscriptions"), "key", "good").get("state").asText());
            assertEquals(1, t.get("connections").size());
            assertTrue(t.get("connections").get(0).get("open").asBoolean());
            JsonNode channel = find(t.get("channels"), "channel", "ex:good@t");
            assertTrue(channel.get("lastDataMillis").asLong() > 0);
            assertFalse(channel.get("stale").asBoolean(), "fresh right after its data");

            // no more data: stale once staleAfter has passed
            Await.until("the channel turns stale", WAIT,
                    () -> find(upstreams(node).get(0).get("channels"), "channel", "ex:good@t").get("stale").asBoolean(),
                    stale -> stale);
            PrometheusText metrics = PrometheusText.parse(ApiClient.get(node.api("/metrics")).body());
            assertEquals(1.0, metrics.value("mixgate_upstream_stale_channels", Map.of("upstream", "t")));
            assertTrue(metrics.value("mixgate_upstream_messages_total", Map.of("upstream", "t")) >= 3);
            assertEquals(0.0, metrics.value("mixgate_upstream_reconnects_total", Map.of("upstream", "t")));
            assertFalse(exchange.connections.isEmpty());
        }
    }
}
