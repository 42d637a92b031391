package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP reloads the scripts: the test sends the signal to its own JVM with {@code kill -HUP}. */
class ReloadSignalTest {
    @TempDir
    Path folder;

    @Test
    void sighupSwapsInTheNewVersion() throws Exception {
        ScriptDir dir = new ScriptDir(folder).write("lib/text.lua", ScriptReloadTest.module("<", ">"))
                .write("entry.lua", ScriptReloadTest.entry("v1"));
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0");
             WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("v1 a", c.ask("a"));
            assertTrue(ReloadSignal.install(node.gateway), "SIGHUP is available on Linux JVMs");
            dir.write("entry.lua", ScriptReloadTest.entry("v2"));
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
            assertEquals(0, kill.waitFor());
            Eventually.until("version 2 is in", () -> node.gateway.scriptVersion(0) == 2);
            assertEquals("v2 b", c.ask("b"));
        }
    }
}
