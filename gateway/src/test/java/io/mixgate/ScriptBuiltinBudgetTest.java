package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mixgate.script.ScriptHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Built-ins cannot escape a callback's budgets (issue 10, item 1): pattern and gsub bombs, huge
 * string.rep/format/JSON results, sort comparators, deep recursion; and /health turns red while
 * the script lanes are stalled.
 */
class ScriptBuiltinBudgetTest {
    @TempDir
    Path folder;

    private static final String SCRIPT = """
            function on_message(msg)
                local conn = mix.websocket()
                local d = msg.data
                if d == "find" then
                    string.find(string.rep("a", 30) .. "b", string.rep("a?", 30) .. string.rep("a", 30))
                elseif d == "gsub" then
                    local s = ("x"):rep(1e5):gsub(".-.-.-.-y", "z")
                elseif d == "rep" then
                    local ok, err = pcall(string.rep, "x", 2^31 - 1)
                    conn:send(tostring(ok) .. " " .. tostring(err))
                elseif d == "rep-uncaught" then
                    string.rep("ab", 2^31 - 1)
                elseif d == "format" then
                    local ok, err = pcall(string.format, "%0999999999d", 1)
                    local big = string.rep("x", 10000000)
                    local ok2, err2 = pcall(string.format, "%s%s", big, big)
                    conn:send(tostring(ok) .. " " .. tostring(err) .. " | " .. tostring(ok2) .. " " .. tostring(err2))
                elseif d == "json" then
                    local t = {string.rep("x", 100000)}
                    for i = 1, 30 do t = {t, t} end
                    local ok, err = pcall(mix.json_encode, t)
                    conn:send(tostring(ok) .. " " .. tostring(err))
                elseif d == "sort" then
                    table.sort({3, 2, 1}, function(a, b) while true do end end)
                elseif d == "overflow" then
                    local function f() return f() + 1 end
                    local ok, err = pcall(f)
                    local cok, cerr = coroutine.resume(coroutine.create(f))
                    conn:send(tostring(ok) .. " " .. tostring(err) .. " | " .. tostring(cok) .. " " .. tostring(cerr))
                elseif d == "overflow-uncaught" then
                    local function f() return f() + 1 end
                    f()
                elseif d == "loop" then
                    while true do end
                elseif d == "alloc" then
                    for i = 1, 10 do local s = string.rep("x", 10000000) end
                    conn:send("allocated 100 MB")
                elseif d == "hold" then
                    local resp, err = mix.http.request("GET", mix.server.option("held"))
                    for i = 1, 10000 do end -- past the next look at the clock (every 4096 instructions)
                    conn:send("held " .. tostring(resp and resp.body or err))
                else
                    conn:send("echo " .. d)
                end
            end
            """;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger hostLog = (Logger) LoggerFactory.getLogger(ScriptHost.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        hostLog.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        hostLog.detachAppender(logs);
    }

    private TestNode start(String... overrides) throws Exception {
        ScriptDir dir = new ScriptDir(folder).write("entry.lua", SCRIPT);
        List<String> all = new ArrayList<>(List.of(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0"));
        all.addAll(List.of(overrides));
        return TestNode.start(all.toArray(String[]::new));
    }

    private String logLine(String connId) {
        synchronized (logs) {
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("conn=" + connId) && m.contains("aborted")).findFirst().orElse(null);
        }
    }

    @Test
    void patternAndGsubBombsOnEveryCoreAreAbortedWhileAnotherClientIsServed() throws Exception {
        // one bomb per carrier thread (one per core): on main they froze every other callback
        int bombs = Math.max(2, Runtime.getRuntime().availableProcessors());
        try (TestNode node = start("script.cpuBudget=200ms"); WsClient other = WsClient.connect(node.wsUri())) {
            List<WsClient> clients = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < bombs; i++) {
                    WsClient c = WsClient.connect(node.wsUri());
                    clients.add(c);
                    assertEquals("echo ready", c.ask("ready"));
                }
                assertEquals("echo ready", other.ask("ready"));
                for (int i = 0; i < bombs; i++) {
                    clients.get(i).send(i % 2 == 0 ? "find" : "gsub");
                }
                for (int round = 0; round < 3; round++) {
                    long started = System.nanoTime();
                    other.send("ping " + round);
                    WsClient.Message reply = other.pollFor(1, TimeUnit.SECONDS);
                    assertNotNull(reply, "no reply to ping " + round + " within a second while the bombs ran");
                    assertEquals("echo ping " + round, reply.text());
                    assertTrue(System.nanoTime() - started < 1_000_000_000L);
                }
                for (WsClient c : clients) {
                    assertEquals(new WsClient.Closed(1011, "script budget exceeded"), c.awaitClose());
                }
                Eventually.until("every bomb's abort is logged", () -> node.gateway.connectionCount() == 1
                        && logs.list.stream().filter(e -> e.getFormattedMessage().contains("aborted")).count() == bombs);
                String find = null;
                String gsub = null;
                for (ILoggingEvent e : List.copyOf(logs.list)) {
                    String m = e.getFormattedMessage();
                    find = m.contains("entry.lua:5 ") ? m : find;
                    gsub = m.contains("entry.lua:7 ") ? m : gsub;
                }
                assertNotNull(find, "a find abort names script and line 5: " + logs.list);
                assertNotNull(gsub, "a gsub abort names script and line 7: " + logs.list);
                assertTrue(find.matches("script \\S*entry\\.lua at \\S*entry\\.lua:5 on_message conn=\\d+ aborted: "
                        + "script budget exceeded: ran longer than 200 ms \\(script.cpuBudget\\)"), find);
                assertEquals("echo still here", other.ask("still here"));
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void stringRepOfTwoGigabytesIsACatchableErrorAndTheNodeGoesOn() throws Exception {
        try (TestNode node = start(); WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("false string too large: 2147483647 bytes (script.maxStringBytes 16777216)", c.ask("rep"));
            c.send("rep-uncaught"); // a script error: logged, the connection stays
            assertEquals("echo after", c.ask("after"));
            Runtime rt = Runtime.getRuntime();
            assertTrue(rt.totalMemory() - rt.freeMemory() < rt.maxMemory() / 2, "the heap was not filled");
        }
    }

    @Test
    void aCallbackThatMakesMoreThanMaxCallbackBytesIsAborted() throws Exception {
        try (TestNode node = start(); WsClient c = WsClient.connect(node.wsUri());
             WsClient other = WsClient.connect(node.wsUri())) {
            c.send("alloc"); // ten 10 MB strings, each under maxStringBytes, 100 MB in all
            assertEquals(new WsClient.Closed(1011, "script budget exceeded"), c.awaitClose());
            assertEquals(null, c.poll(), "nothing was sent after the abort");
            Eventually.until("the abort is logged", () -> logs.list.stream().anyMatch(e -> e.getFormattedMessage()
                    .contains("built-ins produced more than 67108864 bytes in one callback (script.maxCallbackBytes)")));
            assertEquals("echo still here", other.ask("still here"));
        }
    }

    @Test
    void formatRefusesHugeWidthsAndResults() throws Exception {
        try (TestNode node = start(); WsClient c = WsClient.connect(node.wsUri())) {
            String reply = c.ask("format");
            String brief = reply.substring(0, Math.min(300, reply.length())); // main sent back 20 MB
            assertTrue(reply.startsWith("false invalid format (width or precision too long) | false string too large: "), brief);
            assertTrue(reply.endsWith("bytes (script.maxStringBytes 16777216)"), brief);
        }
    }

    @Test
    void jsonEncodeOfAHugeNestedTableIsRefusedBeforeItFillsTheHeap() throws Exception {
        try (TestNode node = start(); WsClient c = WsClient.connect(node.wsUri())) {
            String reply = c.ask("json");
            assertTrue(reply.matches("false string too large: \\d+ bytes \\(script.maxStringBytes 16777216\\)"),
                    reply.substring(0, Math.min(300, reply.length())));
            assertEquals("echo after", c.ask("after"));
        }
    }

    @Test
    void sortWithALoopingComparatorIsAbortedByTheTimeBudget() throws Exception {
        // an instruction budget so large that only the time budget can stop the comparator in time
        try (TestNode node = start("script.instructionBudget=2000000000", "script.cpuBudget=300ms");
             WsClient c = WsClient.connect(node.wsUri()); WsClient other = WsClient.connect(node.wsUri())) {
            long started = System.nanoTime();
            c.send("sort");
            assertEquals(new WsClient.Closed(1011, "script budget exceeded"), c.awaitClose());
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "aborted after about 300 ms");
            Eventually.until("the abort is logged", () -> logs.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("entry.lua:24 on_message")));
            assertEquals("echo still here", other.ask("still here"));
        }
    }

    @Test
    void stackOverflowIsCaughtByPcallAndByCoroutines() throws Exception {
        try (TestNode node = start(); WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("false stack overflow | false stack overflow", c.ask("overflow"));
            c.send("overflow-uncaught"); // not caught: a script error, the connection and node go on
            assertEquals("echo after", c.ask("after"));
            assertEquals("false stack overflow | false stack overflow", c.ask("overflow"));
        }
    }

    @Test
    void healthIsRedWhileCallbacksWaitForAVmAndGreenAfter() throws Exception {
        try (HeldRequests held = new HeldRequests();
             TestNode node = start("script.maxVms=1", "script.stallThreshold=300ms", "script.cpuBudget=100ms",
                     "servers[0].options.held=" + held.url());
             WsClient holder = WsClient.connect(node.wsUri()); WsClient waiter = WsClient.connect(node.wsUri())) {
            assertEquals(200, ApiClient.get(node.api("/health")).status());
            holder.send("hold");
            held.awaitArrived(1);
            waiter.send("waiting");
            Eventually.until("/health is 503 and says why", () -> {
                ApiClient.Reply r = ApiClient.get(node.api("/health"));
                return r.status() == 503 && r.body().contains("script lanes stalled: oldest callback waiting ")
                        && r.body().contains("for a Lua VM");
            });
            held.releaseAll();
            // blocked in mix.http.request for longer than its time budget, yet not aborted
            assertEquals("held released", holder.nextText());
            assertEquals("echo waiting", waiter.nextText());
            Eventually.until("/health is 200 again", () -> ApiClient.get(node.api("/health")).status() == 200);
        }
    }

    @Test
    void healthIsRedWhileCallbacksHoldEveryCarrierAndGreenAfter() throws Exception {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (TestNode node = start("script.instructionBudget=2000000000", "script.cpuBudget=4s",
                "script.stallThreshold=500ms")) {
            List<WsClient> loops = new ArrayList<>();
            try {
                for (int i = 0; i < cores; i++) {
                    loops.add(WsClient.connect(node.wsUri()));
                }
                assertEquals(200, ApiClient.get(node.api("/health")).status());
                loops.forEach(c -> c.send("loop"));
                Eventually.until("/health is 503 and says why", () -> {
                    ApiClient.Reply r = ApiClient.get(node.api("/health"));
                    return r.status() == 503 && r.body().contains("script lanes stalled: callbacks waiting ")
                            && r.body().contains("for a carrier thread");
                });
                for (WsClient c : loops) {
                    assertEquals(1011, c.awaitClose().code());
                }
                Eventually.until("/health is 200 again", () -> ApiClient.get(node.api("/health")).status() == 200);
            } finally {
                loops.forEach(WsClient::close);
            }
        }
    }
}
