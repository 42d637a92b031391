package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.service.ServiceNode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service whose channel callback runs past the script budget restarts on a fresh VM and goes on:
 * it gets the next messages, and its interest hooks tell it again what is wanted now.
 */
class ServiceRestartTest {
    private static final String SERVICE = """
            local n = 0
            function on_start(svc)
              assert(svc:subscribe("engine:in") == nil)
              svc:watch_interest("ex:*@depth")
              mix.mesh.publish("out", "started")
            end
            function on_message(svc, channel, data)
              if data == "spin" then
                while true do end
              end
              n = n + 1
              mix.mesh.publish("out", "echo " .. data .. " " .. n)
            end
            function on_channel_wanted(svc, channel) mix.mesh.publish("out", "wanted " .. channel) end
            """;

    @TempDir
    Path dir;

    @Test
    void aRunawayMessageCallbackRestartsTheServiceWhichThenGoesOnWithItsInterestToldAgain() throws Exception {
        ScriptDir scripts = new ScriptDir(dir);
        scripts.write("svc/spin.lua", SERVICE);
        String services = "  - {name: spin, entry: " + dir.resolve("svc/spin.lua") + ", byteCodeExpires: 0s}\n";
        try (ServiceNodeHarness node = ServiceNodeHarness.start(scripts, services, "", "", "services[0].cpuBudget=200ms");
             WsClient out = node.subscriber("out");
             WsClient depth = node.subscriber("ex:A@depth")) {
            assertEquals("wanted ex:A@depth", out.nextText());
            publish(node, "a");
            assertEquals("echo a 1", out.nextText());

            publish(node, "spin"); // aborted by the budget: the service restarts with a fresh state
            publish(node, "b"); // queued behind the runaway: reaches the fresh version, which subscribes the channel again
            assertEquals("started", out.nextText(), "on_start of the fresh VM");
            // in either order: the queued message and the interest told to the new version
            assertEquals(java.util.Set.of("wanted ex:A@depth", "echo b 1"), java.util.Set.of(out.nextText(), out.nextText()),
                    "the fresh version is told what is wanted now and gets the message queued during the restart");
            publish(node, "c");
            assertEquals("echo c 2", out.nextText());
            ServiceNode service = node.gateway.services().get("spin");
            assertEquals(1, service.abortRestarts());
            assertEquals(0, service.unsubscribedDrops());
            String metrics = ApiClient.get(node.api("/metrics")).body();
            assertTrue(metrics.contains("mixgate_service_restarts_total{service=\"spin\"} 1"), metrics);
        }
    }

    private static void publish(ServiceNodeHarness node, String data) throws Exception {
        assertEquals(200, ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("engine:in", data)).status());
    }
}
