package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented rule for Lua state (README, "Scripts: reload, sandbox, limits"): globals and
 * module-level locals live per VM. Connections whose callbacks run on the same VM see each
 * other's writes, callbacks on different VMs do not, and a reload starts from fresh VMs, so
 * they are caches at best. What belongs to a connection goes in its context, which survives.
 */
class ScriptStateRuleTest {
    @TempDir
    Path folder;

    static String script(String version) {
        return """
                local VERSION = "%s"
                local calls = 0
                hits = 0
                function on_message(msg)
                    local conn = mix.websocket()
                    hits = hits + 1
                    calls = calls + 1
                    if msg.data == "hold" then
                        marker = "set by the holder"
                        mix.http.request("GET", mix.server.option("held"))
                        conn:send("held")
                        return
                    end
                    if msg.data == "remember" then
                        conn:set_context_value("mine", conn:client_id())
                    end
                    conn:send(VERSION .. " hits=" .. hits .. " calls=" .. calls .. " marker=" .. tostring(marker)
                        .. " mine=" .. tostring(conn:context_value("mine") ~= nil))
                end
                """.formatted(version);
    }

    @Test
    void globalsAndModuleLocalsAreSharedOnOneVmAndStartAfreshOnReload() throws Exception {
        ScriptDir dir = new ScriptDir(folder).write("entry.lua", script("v1"));
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0", "script.maxVms=1");
             WsClient a = WsClient.connect(node.wsUri()); WsClient b = WsClient.connect(node.wsUri())) {
            assertEquals("v1 hits=1 calls=1 marker=nil mine=true", a.ask("remember"));
            assertEquals("v1 hits=2 calls=2 marker=nil mine=false", b.ask("x"), "one VM: b sees a's writes");
            dir.write("entry.lua", script("v2"));
            assertEquals(200, ApiClient.post(node.api("/v1/scripts/reload"), "").status());
            assertEquals("v2 hits=1 calls=1 marker=nil mine=true", a.ask("x"), "fresh VM, context kept");
            assertEquals("v2 hits=2 calls=2 marker=nil mine=false", b.ask("x"));
        }
    }

    @Test
    void callbacksOnDifferentVmsDoNotSeeEachOthersGlobals() throws Exception {
        ScriptDir dir = new ScriptDir(folder).write("entry.lua", script("v1"));
        try (HeldRequests held = new HeldRequests();
             TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0", "script.maxVms=2",
                     "servers[0].options.held=" + held.url());
             WsClient a = WsClient.connect(node.wsUri()); WsClient b = WsClient.connect(node.wsUri())) {
            a.send("hold"); // sets the global marker, then keeps its VM busy
            held.awaitArrived(1);
            assertEquals("v1 hits=1 calls=1 marker=nil mine=false", b.ask("x"), "b runs on the second VM");
            held.releaseAll();
            assertEquals("held", a.nextText());
        }
    }
}
