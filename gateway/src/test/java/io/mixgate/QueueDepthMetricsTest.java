package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mixgate_queue_depth{topic}} and {@code mixgate_queue_consumers{topic}} of a real node,
 * scraped from {@code /metrics} and read by the strict Prometheus text parser: memory queues count
 * exactly, Redis streams by their length.
 */
class QueueDepthMetricsTest {

    private static PrometheusText scrape(TestNode node) throws Exception {
        ApiClient.Reply r = ApiClient.get(node.api("/metrics"));
        assertEquals(200, r.status(), r.body());
        return PrometheusText.parse(r.body());
    }

    private static void push(WsClient client, String topic, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertEquals("{\"ok\":true,\"r\":" + (i + 1) + "}",
                    client.ask("local n, err = mix.queue.push('" + topic + "', {i = " + i + "}) return n or err"));
        }
    }

    @Test
    void memoryQueuesShowTheirDepthAndConsumers() throws Exception {
        try (TestNode node = TestNode.withScript("probe.lua"); WsClient client = WsClient.connect(node.wsUri())) {
            push(client, "jobs", 3);
            push(client, "mail", 1);

            PrometheusText metrics = scrape(node);

            assertEquals("gauge", metrics.types.get("mixgate_queue_depth"));
            assertEquals(3, metrics.value("mixgate_queue_depth", Map.of("topic", "jobs")));
            assertEquals(1, metrics.value("mixgate_queue_depth", Map.of("topic", "mail")));
            assertEquals(0, metrics.value("mixgate_queue_consumers", Map.of("topic", "jobs")));

            try (WsApiClient worker = WsApiClient.connect(node)) {
                WsApiClient.ok(worker.call("queue.pop", Probe.JSON.readTree("{\"t\":[\"jobs\"]}")));
                for (int i = 0; i < 3; i++) {
                    assertEquals("jobs", worker.nextEvent().path("p").path("t").asText());
                }
                Await.until("jobs drained in /metrics", WsClient.WAIT, () -> scrape(node),
                        m -> m.value("mixgate_queue_depth", Map.of("topic", "jobs")) == 0);
                PrometheusText after = scrape(node);
                assertEquals(1, after.value("mixgate_queue_consumers", Map.of("topic", "jobs")));
                assertEquals(1, after.value("mixgate_queue_depth", Map.of("topic", "mail")));
            }
        }
    }

    @Test
    void redisStreamsShowTheirLength() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             TestNode node = Probe.meshNode(redis, 5);
             WsClient client = WsClient.connect(node.wsUri())) {
            push(client, "orders", 2);

            PrometheusText metrics = scrape(node);

            assertEquals(2, metrics.value("mixgate_queue_depth", Map.of("topic", "orders")));
            assertTrue(metrics.types.containsKey("mixgate_queue_consumers"), "consumers metric declared");
        }
    }
}
