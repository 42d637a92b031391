package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mix.timer in connection scripts, on a real node with a real WebSocket client. */
class ScriptTimersTest {
    @TempDir
    Path dir;

    @Test
    void timersRunOnTheConnectionsLaneNeverBesideItsOtherCallbacksAndEndWithTheConnection() throws Exception {
        try (ServiceNodeHarness node = ServiceNodeHarness.start(new ScriptDir(dir), "  []", "", "");
             WsClient client = node.client()) {
            assertEquals("started", client.ask("every:10"));
            assertEquals("started", client.ask("every:10"));
            int ticks = 0;
            int worked = 0;
            while (ticks < 40 || worked < 40) {
                client.send("work:");
                String m = client.nextText();
                assertNotEquals("OVERLAP", m, "a timer ran beside another callback of the connection");
                if (m.equals("tick")) {
                    ticks++;
                } else if (m.equals("worked")) {
                    worked++;
                }
            }
            assertEquals(2, node.gateway.liveTimers(0));
            client.closeGracefully();
            Eventually.until("the closed connection's timers ended", () -> node.gateway.liveTimers(0) == 0);
        }
    }

    @Test
    void afterRunsOnceCancelStopsAndLimitsNameTheirKeys() throws Exception {
        try (ServiceNodeHarness node = ServiceNodeHarness.start(new ScriptDir(dir), "  []", "", "",
                "timers.maxPerConnection=2", "timers.minInterval=5ms");
             WsClient client = node.client()) {
            assertEquals("interval 1 ms is below timers.minInterval (5 ms)", client.ask("after:1"));
            assertEquals("cancelled", client.ask("cancel:5"));
            assertEquals("started", client.ask("after:5"));
            assertEquals("after", client.nextText());
            Eventually.until("the fired after is no longer counted", () -> node.gateway.liveTimers(0) == 0);
            assertEquals("started", client.ask("every:100000"));
            assertEquals("started", client.ask("every:100000"));
            assertEquals("too many timers: timers.maxPerConnection is 2", client.ask("every:100000"));
            // nothing from the cancelled timer arrived before this point, nor the after twice
            assertEquals(null, client.pollFor(50, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aFailingEveryKeepsRunningAndIsRecordedWithScriptAndLine() throws Exception {
        try (ServiceNodeHarness node = ServiceNodeHarness.start(new ScriptDir(dir), "  []", "", "");
             WsClient client = node.client()) {
            assertEquals("started", client.ask("failing:10"));
            for (int i = 0; i < 3; i++) {
                assertEquals("failing", client.nextText());
            }
            String errors = ApiClient.get(node.api("/v1/scripts/errors")).body();
            assertTrue(errors.contains("timer boom") && errors.contains("\"timer\"") && errors.contains("server.lua"),
                    errors);
            client.send("still-alive");
            String m;
            do {
                m = client.nextText();
            } while (m.equals("failing"));
            assertEquals("ok", m, "the connection still answers");
        }
    }
}
