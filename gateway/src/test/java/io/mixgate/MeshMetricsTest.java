package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} of a mesh node: the Redis link's state and reconnects, and publishes timed as forwarded. */
class MeshMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void reportsTheRedisLinkDownAndBackAndForwardedPublishes() throws Exception {
        try (RedisServer redis = RedisServer.launch(); TestNode node = Probe.meshNode(redis, 1)) {
            PrometheusText first = scrape(node);
            assertEquals(1, first.value("mixgate_redis_link_up", Map.of()));
            assertEquals(0, first.value("mixgate_redis_reconnects_total", Map.of()));

            ApiClient.Reply published = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("nobody", "x"));
            assertEquals(200, published.status(), published.body());
            assertEquals(1, scrape(node).value("connmix_engine_servers_send_duration_seconds_count",
                    Map.of("protocol", "websocket", "scenario", "forward", "method", "publish")));

            redis.stop();
            Eventually.until("the link is reported down", () -> scrape(node).value("mixgate_redis_link_up", Map.of()) == 0);
            redis.start();
            Eventually.until("the link is reported up again", () -> scrape(node).value("mixgate_redis_link_up", Map.of()) == 1);
            Eventually.until("the reconnect is counted", () ->
                    scrape(node).value("mixgate_redis_reconnects_total", Map.of()) >= 1);
        }
    }

    private static PrometheusText scrape(TestNode node) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.api("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("connmix_engine_servers_clients"));
        return PrometheusText.parse(r.body());
    }
}
