package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing or runaway {@code on_close} still releases the connection's subscriptions and its session. */
class OnCloseFailureTest {
    @TempDir
    Path folder;

    private static final String SCRIPT = """
            function on_message(msg)
                local conn = mix.websocket()
                conn:set_context_value("how", msg.data)
                conn:subscribe("room")
                conn:send("subscribed")
            end
            function on_close(client_id, err)
                local how = mix.websocket():context_value("how")
                if how == "raise" then error("on_close fails") end
                if how == "loop" then while true do end end
            end
            """;

    @Test
    void subscriptionsAndSessionAreReleasedWhateverOnCloseDoes() throws Exception {
        ScriptDir dir = new ScriptDir(folder).write("entry.lua", SCRIPT);
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0",
                "script.instructionBudget=100000")) {
            for (String how : new String[] {"raise", "loop"}) {
                try (WsClient c = WsClient.connect(node.wsUri())) {
                    assertEquals("subscribed", c.ask(how));
                    assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", publish(node).body());
                }
                Eventually.until("the connection is gone", () -> node.gateway.connectionCount() == 0);
                assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":0}}", publish(node).body(), how);
            }
            try (WsClient c = WsClient.connect(node.wsUri())) {
                assertEquals("subscribed", c.ask("fine"), "the node still serves");
            }
        }
    }

    private static ApiClient.Reply publish(TestNode node) throws Exception {
        return ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"room\",\"d\":\"x\"}");
    }
}
