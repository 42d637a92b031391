package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runaway callback is aborted by the instruction budget; its connection closes, the rest go on. */
class ScriptBudgetTest {
    @TempDir
    Path folder;

    private static final String SCRIPT = """
            function on_message(msg)
                local conn = mix.websocket()
                local d = msg.data
                if d == "loop" then
                    while true do end
                elseif d == "pcall" then
                    while true do pcall(function() while true do end end) end
                elseif d == "coroutine" then
                    local co = coroutine.create(function() while true do end end)
                    local ok, err = coroutine.resume(co)
                    conn:send("resumed " .. tostring(ok) .. " " .. tostring(err))
                    while true do end
                elseif d == "work" then
                    local sum = 0
                    for i = 1, 100000 do sum = sum + i end
                    conn:send("sum " .. sum)
                    return
                end
                conn:send("echo " .. d)
            end
            """;

    private TestNode start(String... overrides) throws Exception {
        ScriptDir dir = new ScriptDir(folder).write("entry.lua", SCRIPT);
        String[] all = new String[overrides.length + 2];
        all[0] = dir.entry("entry.lua");
        all[1] = "servers[0].byteCodeExpires=0";
        System.arraycopy(overrides, 0, all, 2, overrides.length);
        return TestNode.start(all);
    }

    @Test
    void infiniteLoopClosesThatConnectionOnlyWithTheDefaultBudget() throws Exception {
        try (TestNode node = start();
             WsClient looping = WsClient.connect(node.wsUri()); WsClient other = WsClient.connect(node.wsUri())) {
            assertEquals("echo hi", looping.ask("hi"));
            looping.send("loop");
            for (int i = 0; i < 20; i++) {
                assertEquals("echo " + i, other.ask(Integer.toString(i)));
            }
            assertEquals(new WsClient.Closed(1011, "script budget exceeded"), looping.awaitClose());
            assertEquals("sum 5000050000", other.ask("work"), "a normal handler stays far below the budget");
            assertEquals(200, ApiClient.get(node.api("/health")).status());
            Eventually.until("the looping connection is gone", () -> node.gateway.connectionCount() == 1);
            try (WsClient fresh = WsClient.connect(node.wsUri())) {
                assertEquals("echo again", fresh.ask("again"));
            }
        }
    }

    @Test
    void pcallAndCoroutinesCannotCatchTheAbort() throws Exception {
        try (TestNode node = start("script.instructionBudget=200000");
             WsClient viaPcall = WsClient.connect(node.wsUri()); WsClient viaCoroutine = WsClient.connect(node.wsUri());
             WsClient other = WsClient.connect(node.wsUri())) {
            viaPcall.send("pcall");
            assertEquals(1011, viaPcall.awaitClose().code());
            viaCoroutine.send("coroutine");
            // the coroutine's resume returns false, but the caller's next instruction is over budget too
            assertEquals(new WsClient.Closed(1011, "script budget exceeded"), viaCoroutine.awaitClose());
            assertEquals(null, viaCoroutine.poll(), "nothing ran after the abort");
            assertEquals("echo still here", other.ask("still here"));
        }
    }
}
