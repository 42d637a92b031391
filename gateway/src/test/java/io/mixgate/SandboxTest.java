package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a script must not reach, tried from a real callback: the probe script (copied into a
 * scripts folder of the test's own, next to a file outside it) runs each message as Lua.
 */
class SandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private TestNode probeNode(String... overrides) throws Exception {
        Path scripts = Files.createDirectories(folder.resolve("scripts"));
        for (String name : List.of("probe.lua", "probe_helper.lua")) {
            Files.copy(Path.of("gateway/src/test/resources/lua", name), scripts.resolve(name));
        }
        Files.writeString(folder.resolve("outside.lua"), "return 'outside'\n");
        List<String> all = new java.util.ArrayList<>(List.of("servers[0].entry=" + scripts.resolve("probe.lua"),
                "servers[0].byteCodeExpires=0"));
        all.addAll(List.of(overrides));
        return TestNode.start(all.toArray(String[]::new));
    }

    /** Runs {@code lua} and returns the error it raised, failing if it did not raise. */
    private static String error(WsClient c, String lua) throws Exception {
        JsonNode reply = JSON.readTree(c.ask(lua));
        assertFalse(reply.get("ok").asBoolean(), lua + " should raise, returned " + reply.get("r"));
        return reply.get("r").asText();
    }

    private static JsonNode eval(WsClient c, String lua) throws Exception {
        JsonNode reply = JSON.readTree(c.ask(lua));
        assertTrue(reply.get("ok").asBoolean(), lua + " raised " + reply.get("r"));
        return reply.get("r");
    }

    @Test
    void eachForbiddenFunctionRaisesAClearError() throws Exception {
        List<String> forbidden = List.of("os.execute('true')", "os.exit(1)", "os.getenv('HOME')", "os.remove('x')",
                "os.rename('a', 'b')", "os.tmpname()", "os.setlocale('C')", "io.open('/etc/passwd')", "io.popen('id')",
                "io.write('x')", "io.lines('/etc/passwd')", "luajava.bindClass('java.lang.System')",
                "luajava.newInstance('java.io.File', '/')", "debug.getinfo(1)", "debug.sethook()", "debug.getregistry()",
                "debug.getupvalue(print, 1)", "package.loadlib('libc.so.6', 'system')");
        try (TestNode node = probeNode(); WsClient c = WsClient.connect(node.wsUri())) {
            for (String call : forbidden) {
                String name = call.substring(0, call.indexOf('('));
                String message = error(c, "return " + call);
                assertTrue(message.contains(name + " is not available in mixgate scripts (sandbox)"), call + ": " + message);
            }
            assertTrue(eval(c, "return os.time()").asLong() > 0);
            assertEquals("true", eval(c, "local t = os.time() return tostring(t == math.floor(t))").asText(),
                    "whole seconds, as Lua 5.1 and CONNMIX (LuaJ's own answers fractions)");
            assertEquals(1577880000L, eval(c, "return os.time{year = 2020, month = 1, day = 1, hour = 12}").asLong()
                    - java.util.TimeZone.getDefault().getOffset(1577880000000L) / 1000);
            assertEquals("true", eval(c, "local t = os.time{year = 2020, month = 1, day = 1, hour = 12} "
                    + "return tostring(t == math.floor(t))").asText());
            assertTrue(eval(c, "return os.clock()").asDouble() >= 0);
            assertEquals(4, eval(c, "return #os.date('%Y')").asInt());
            assertEquals("m", eval(c, "return debug.traceback('m')").asText(), "kept for xpcall handlers");
        }
    }

    @Test
    void nothingOutsideTheScriptsFolderCanBeLoaded() throws Exception {
        Path passwdLink = folder.resolve("scripts/link.lua");
        try (TestNode node = probeNode(); WsClient c = WsClient.connect(node.wsUri())) {
            Files.createSymbolicLink(passwdLink, folder.resolve("outside.lua"));
            String outside = folder.resolve("outside.lua").toString();
            assertTrue(error(c, "return require('../outside')").contains("module '../outside' not found"));
            assertTrue(error(c, "return dofile('../outside.lua')").contains("cannot open ../outside.lua"));
            assertTrue(error(c, "return dofile('" + outside + "')").contains("cannot open"));
            assertEquals("nil", eval(c, "return loadfile('" + outside + "')").asText());
            assertEquals("nil", eval(c, "return loadfile('link.lua')").asText(), "a link out of the folder");
            assertTrue(error(c, "return require('org.luaj.vm2.lib.jse.LuajavaLib')").contains("not found"),
                    "no Java class searcher");
            String binary = eval(c, "local f, err = load(string.dump(function() return 1 end)) return tostring(f) .. ' ' .. err")
                    .asText();
            assertTrue(binary.startsWith("nil ") && binary.contains("binary chunks are not allowed"), binary);
            assertEquals("hello you", eval(c, "return require('probe_helper').greet('you')").asText());
            assertEquals("hello me", eval(c, "return dofile('probe_helper.lua').greet('me')").asText());
        }
    }

    @Test
    void theSharedStringMetatableIsReadOnlyAndPerVmChangesStayInTheirVm() throws Exception {
        try (TestNode one = probeNode(); TestNode two = TestNode.withScript("probe.lua");
             WsClient a = WsClient.connect(one.wsUri()); WsClient b = WsClient.connect(two.wsUri())) {
            assertEquals(false, eval(a, "return getmetatable('')").asBoolean());
            assertTrue(error(a, "getmetatable('').__index = {upper = function() return 'pwned' end}")
                    .contains("index"));
            assertTrue(error(a, "rawset(getmetatable(''), '__index', {})").contains("table expected"));
            assertEquals("pwned", eval(a, "string.upper = function() return 'pwned' end return ('x'):upper()").asText());
            assertEquals("X", eval(b, "return ('x'):upper()").asText(), "another VM's strings are untouched");
            assertEquals("X", eval(b, "return string.upper('x')").asText());
            assertEquals("t", eval(a, "function string.trim(s) return (s:gsub('^%s+', '')) end return ('  t'):trim()")
                    .asText(), "scripts may extend string in their own VM, as in CONNMIX");
        }
    }

    @Test
    void coroutinesAreCappedPerServerAndFreedWhenTheyFinish() throws Exception {
        try (TestNode node = probeNode("script.maxCoroutines=5"); WsClient c = WsClient.connect(node.wsUri())) {
            String park = "parked = parked or {} local co = coroutine.create(function() coroutine.yield() end) "
                    + "coroutine.resume(co) parked[#parked + 1] = co return #parked";
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, eval(c, park).asInt());
            }
            assertTrue(error(c, park).contains("too many coroutines"));
            assertTrue(error(c, "return coroutine.wrap(function() end)").contains("too many coroutines"));
            assertEquals(0, eval(c, "for _, co in ipairs(parked) do coroutine.resume(co) end parked = {} return 0").asInt());
            assertEquals("3 x done", eval(c, "local f = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) "
                    + "return b .. ' done' end) return f(2) .. ' ' .. f('x')").asText(), "wrap still works");
            String inside = eval(c, "local ok, err = coroutine.resume(coroutine.create(function() local t = nil return t.x end)) "
                    + "return err").asText();
            assertTrue(inside.contains("attempt to index") && !inside.contains("traceback"), inside);
        }
    }
}
