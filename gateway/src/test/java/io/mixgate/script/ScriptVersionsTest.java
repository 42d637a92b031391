package io.mixgate.script;

import io.mixgate.http.JdkScriptHttpClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MeshOperations;
import io.mixgate.pubsub.SubscriptionIndex;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions of one server's scripts, built from a folder of the test's own. */
class ScriptVersionsTest {
    @TempDir
    Path folder;

    private ScriptVersions start() throws Exception {
        ScriptServices services = new ScriptServices(new SubscriptionIndex(), (MeshOperations) null,
                new JdkScriptHttpClient(HttpClient.newHttpClient()), Duration.ofSeconds(1), Map.of(), 10, name -> null);
        return ScriptVersions.start(folder.resolve("entry.lua"), "scripts/entry.lua",
                new LuaGlobalsFactory(services, 1_000_000, 100), 4);
    }

    private void write(String name, String lua) throws Exception {
        Path target = folder.resolve(name);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(temp, lua);
        Files.move(temp, folder.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void reloadIfChangedKeepsTheVersionWhenNoLuaFileChanged() throws Exception {
        write("entry.lua", "x = 1\n");
        ScriptVersions versions = start();
        assertEquals(1, versions.currentId());
        Files.writeString(folder.resolve("notes.txt"), "not Lua");
        write(".hidden.lua", "this is not Lua at all");
        assertEquals(1, versions.reloadIfChanged());
        write("lib/m.lua", "return 1\n");
        assertEquals(2, versions.reloadIfChanged());
        assertEquals(3, versions.reload(), "an explicit reload always swaps");
    }

    @Test
    void aFailedVersionNamesFileAndLineAndKeepsTheCurrentOne() throws Exception {
        write("entry.lua", "x = 1\n");
        ScriptVersions versions = start();
        write("lib/broken.lua", "local a =\n\n+\n");
        ScriptException e = assertThrows(ScriptException.class, versions::reloadIfChanged);
        assertTrue(e.getMessage().startsWith("cannot compile scripts/lib/broken.lua:3:"), e.getMessage());
        write("lib/broken.lua", "return 1\n");
        write("entry.lua", "while true do end\n");
        e = assertThrows(ScriptException.class, versions::reload);
        assertTrue(e.getMessage().contains("script budget exceeded"), "a main chunk that never ends: " + e.getMessage());
        assertEquals(1, versions.currentId());
    }

    @Test
    void periodicCheckAloneNoticesAChange() throws Exception {
        write("entry.lua", "x = 1\n");
        ScriptVersions versions = start();
        try (ScriptWatcher watcher = ScriptWatcher.start(versions, Duration.ofMillis(100), false)) {
            write("entry.lua", "x = 2\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (versions.currentId() == 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // a pause between checks
            }
            assertEquals(2, versions.currentId());
        }
    }

    @Test
    void aRetiredPoolLetsGoOfVmsGivenBackAfterwards() throws Exception {
        write("entry.lua", "x = 1\n");
        ScriptVersions versions = start();
        ScriptVersion v1 = versions.current();
        LuaVm borrowed = v1.pool().borrow();
        versions.reload();
        assertEquals(0, v1.pool().idleCount());
        v1.pool().giveBack(borrowed);
        assertEquals(0, v1.pool().idleCount(), "the old version's VM is not kept");
        LuaVm fresh = versions.current().pool().borrow();
        versions.current().pool().giveBack(fresh);
        assertEquals(1, versions.current().pool().idleCount());
    }
}
