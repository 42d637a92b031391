package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.api.access.BasicCredentials;
import io.mixgate.config.ConfigLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of a real node, read by a strict Prometheus text parser (see {@link PrometheusText}). */
class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = """
            function on_message(m)
                if m.data == "boom" then error("boom on purpose") end
                if m.data == "spin" then while true do end end
                local conn = mix.websocket()
                conn:subscribe(m.data)
                conn:send("ok")
            end
            """;
    private static final Map<String, String> LOCAL = Map.of("protocol", "websocket", "scenario", "local");

    @TempDir
    Path folder;

    @Test
    void countsEveryDeliveryAndScriptErrorUnderConnmixNames() throws Exception {
        ScriptDir scripts = new ScriptDir(folder).write("entry.lua", SCRIPT);
        int subscribers = 3;
        int published = 5;
        try (TestNode node = TestNode.start(scripts.entry("entry.lua"), "script.cpuBudget=50ms")) {
            List<WsClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < subscribers; i++) {
                    WsClient client = WsClient.connect(node.wsUri());
                    clients.add(client);
                    assertEquals("ok", client.ask("metrics-test"));
                }
                PrometheusText before = scrape(node);
                assertEquals(subscribers, before.value("connmix_engine_servers_clients", Map.of("protocol", "websocket")));
                assertEquals(subscribers, before.value("mixgate_connections", Map.of("server", "0")));
                assertEquals(subscribers, before.value("connmix_engine_servers_read_messages_total",
                        Map.of("protocol", "websocket", "server", "0")));
                assertEquals("counter", before.types.get("connmix_engine_servers_send_messages_total"));
                assertTrue(before.types.containsKey("jvm_memory_used_bytes"), "JVM memory meters");
                assertTrue(before.types.containsKey("jvm_threads_live_threads"), "JVM thread meters");

                for (int i = 0; i < published; i++) {
                    ApiClient.Reply r = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"metrics-test\",\"d\":\"m" + i + "\"}");
                    assertEquals(200, r.status(), r.body());
                }
                for (WsClient client : clients) {
                    for (int i = 0; i < published; i++) {
                        assertEquals("m" + i, client.nextText());
                    }
                }
                PrometheusText after = scrape(node);
                double rose = published * subscribers;
                assertEquals(rose, after.value("mixgate_deliveries_total", Map.of())
                        - before.value("mixgate_deliveries_total", Map.of()));
                assertEquals(rose, after.value("connmix_engine_servers_send_messages_total", LOCAL)
                        - before.value("connmix_engine_servers_send_messages_total", LOCAL));
                assertEquals(0, after.value("connmix_engine_servers_send_errors_total", LOCAL));
                assertEquals(published, after.value("mixgate_published_messages_total", Map.of())
                        - before.value("mixgate_published_messages_total", Map.of()));
                assertEquals(published, after.value("connmix_engine_servers_send_duration_seconds_count",
                        Map.of("protocol", "websocket", "scenario", "local", "method", "publish")));
                assertEquals("summary", after.types.get("connmix_engine_servers_send_duration_seconds"));

                double errors = after.value("mixgate_script_errors_total", Map.of("server", "0"));
                clients.get(0).send("boom");
                Eventually.until("the script error is counted", () ->
                        scrape(node).value("mixgate_script_errors_total", Map.of("server", "0")) == errors + 1);

                assertEquals(0, after.value("mixgate_script_budget_aborts_total", Map.of("server", "0")));
                clients.get(1).send("spin");
                assertEquals(1011, clients.get(1).awaitClose().code(), "aborted by script.cpuBudget");
                PrometheusText last = scrape(node);
                assertEquals(1, last.value("mixgate_script_budget_aborts_total", Map.of("server", "0")));
                assertEquals(subscribers + 2, last.value("connmix_engine_servers_read_messages_total",
                        Map.of("protocol", "websocket", "server", "0")));
                assertTrue(last.value("mixgate_script_callbacks_total", Map.of("server", "0")) >= subscribers + 2);
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void countsFailedDeliveriesAndSlowConsumerCloses() throws Exception {
        try (TestNode node = TestNode.start("servers[0].maxOutboundBytes=65536", "servers[0].writeTimeout=1s");
             Socket stalled = new Socket("127.0.0.1", node.gateway.serverPort(0))) {
            stalled.setReceiveBufferSize(4096);
            RawWsClient.upgradeAndSubscribe(stalled, "BTCUSDT@depth"); // then it never reads again
            Map<String, String> server = Map.of("server", "0");
            assertEquals(0, scrape(node).value("mixgate_slow_consumer_closes_total", server));
            String publish = "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"" + "x".repeat(32 * 1024) + "\"}";
            // keep the stalled client's backlog over maxOutboundBytes until writeTimeout closes it: a
            // single burst may be absorbed by the kernel's growing socket buffers on a busy machine
            long failed = 0;
            long deadline = System.nanoTime() + io.mixgate.testing.Conditions.DEADLINE.toNanos();
            while (scrape(node).value("mixgate_slow_consumer_closes_total", server) == 0) {
                assertTrue(System.nanoTime() < deadline, "the stalled connection was never closed as a slow consumer");
                failed += JSON.readTree(ApiClient.post(node.api("/v1/mesh/publish"), publish).body()).get("r").get("f").asLong();
            }
            assertTrue(failed > 0, "the stalled client's backlog never passed maxOutboundBytes");
            PrometheusText metrics = scrape(node);
            assertEquals(failed, metrics.value("mixgate_delivery_failures_total", Map.of()));
            assertEquals(failed, metrics.value("connmix_engine_servers_send_errors_total", LOCAL));
            assertEquals(1, metrics.value("mixgate_slow_consumer_closes_total", server));
        }
    }

    @Test
    void needsTheReadRoleOnceUsersAreListed() throws Exception {
        Path file = folder.resolve("gateway.yaml");
        Files.writeString(file, """
                servers:
                  - port: 0
                    bind: 127.0.0.1
                    byteCodeExpires: 0s
                apiServer:
                  port: 0
                  bind: 127.0.0.1
                access:
                  users:
                    - {username: watcher, password: one, roles: [read]}
                    - {username: publisher, password: two, roles: [write]}
                """);
        try (Gateway gateway = Gateway.start(ConfigLoader.load(file, List.of()), Clock.systemUTC())) {
            URI metrics = URI.create("http://127.0.0.1:" + gateway.apiPort() + "/metrics");
            assertEquals(401, get(metrics, null).statusCode(), "loopback needs credentials once users exist");
            assertEquals(403, get(metrics, BasicCredentials.header("publisher", "two")).statusCode(), "write is not read");
            HttpResponse<String> ok = get(metrics, BasicCredentials.header("watcher", "one"));
            assertEquals(200, ok.statusCode());
            PrometheusText.parse(ok.body());
        }
    }

    private static PrometheusText scrape(TestNode node) throws Exception {
        HttpResponse<String> r = get(node.api("/metrics"), null);
        assertEquals(200, r.statusCode(), "served to loopback without users: " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        return PrometheusText.parse(r.body());
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
