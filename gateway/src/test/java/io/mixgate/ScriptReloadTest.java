package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload end to end: a real node, real WebSocket clients, scripts in a folder of the test's own. */
class ScriptReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    /** An entry script that answers every message with its version, and a few commands. */
    static String entry(String version) {
        return """
                local text = require("lib.text")
                local VERSION = "%s"
                function on_message(msg)
                    local conn = mix.websocket()
                    local data = msg.data
                    if data == "ctx" then
                        conn:send(VERSION .. " ctx=" .. tostring(conn:context_value("k")))
                    elseif string.sub(data, 1, 4) == "set " then
                        conn:set_context_value("k", string.sub(data, 5))
                        conn:subscribe("room")
                        conn:send(VERSION .. " set")
                    elseif data == "hold" then
                        local resp, err = mix.http.request("GET", mix.server.option("held"))
                        conn:send(VERSION .. " held " .. (resp and resp.body or err))
                    elseif data == "tag" then
                        conn:send(VERSION .. " " .. text.tag("x"))
                    else
                        conn:send(VERSION .. " " .. data)
                    end
                end
                """.formatted(version);
    }

    static String module(String open, String close) {
        return "local M = {}\nfunction M.tag(s) return \"" + open + "\" .. s .. \"" + close + "\" end\nreturn M\n";
    }

    private ScriptDir scripts(String version) throws Exception {
        return new ScriptDir(folder).write("lib/text.lua", module("<", ">")).write("entry.lua", entry(version));
    }

    private static ApiClient.Reply reload(TestNode node) throws Exception {
        return ApiClient.post(node.api("/v1/scripts/reload"), "");
    }

    @Test
    void reloadWhileHundredClientsSendLosesNothingAndEveryLaterReplyIsNew() throws Exception {
        ScriptDir dir = scripts("v1");
        int clients = 100;
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0",
                // each client asks as fast as the node answers, for as long as the swap takes
                "servers[0].rateLimit.messagesPerSecond=0");
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicBoolean swapped = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger afterSwap = new AtomicInteger();
            CountDownLatch warmedUp = new CountDownLatch(clients);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            List<Future<Integer>> exchanges = new ArrayList<>();
            List<WsClient> sockets = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                WsClient ws = WsClient.connect(node.wsUri());
                sockets.add(ws);
                int id = c;
                exchanges.add(pool.submit(() -> {
                    int n = 0;
                    boolean sawNew = false;
                    int newAfterSwap = 0;
                    while (!stop.get() || newAfterSwap < 3) {
                        boolean sentAfterSwap = swapped.get();
                        String request = id + ":" + n;
                        String reply = ws.ask(request);
                        if (!reply.endsWith(" " + request)) {
                            problems.add("client " + id + " sent " + request + " got " + reply);
                        }
                        boolean isNew = reply.startsWith("v2 ");
                        if (!isNew && (sentAfterSwap || sawNew)) {
                            problems.add("client " + id + " got " + reply + " after the swap");
                        }
                        sawNew |= isNew;
                        if (sentAfterSwap && isNew && ++newAfterSwap == 3) {
                            afterSwap.incrementAndGet();
                        }
                        if (++n == 3) {
                            warmedUp.countDown();
                        }
                    }
                    return n;
                }));
            }
            assertTrue(warmedUp.await(60, TimeUnit.SECONDS), "clients did not get going");
            dir.write("entry.lua", entry("v2"));
            ApiClient.Reply reply = reload(node);
            swapped.set(true);
            assertEquals(200, reply.status(), reply.body());
            assertEquals(2, JSON.readTree(reply.body()).at("/r/servers/0/version").asInt(), reply.body());
            Eventually.until("every client got 3 replies from v2 after the swap", () -> afterSwap.get() == clients);
            stop.set(true);
            int total = 0;
            for (Future<Integer> f : exchanges) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), List.copyOf(problems));
            assertEquals(clients, node.gateway.connectionCount(), "no connection dropped");
            for (WsClient ws : sockets) {
                assertFalse(ws.closed.isDone(), "closed: " + ws.closed.getNow(null));
                ws.close();
            }
            assertTrue(total >= clients * 6, "exchanges: " + total);
        }
    }

    @Test
    void syntaxErrorKeepsTheOldVersionAndFixingTheFileBringsTheNewOne() throws Exception {
        ScriptDir dir = scripts("v1");
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=10s");
             WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("v1 a", c.ask("a"));
            dir.write("entry.lua", "function on_message(msg)\n  local x = = 1\nend\n");
            ApiClient.Reply reply = reload(node);
            assertEquals(422, reply.status(), reply.body());
            JsonNode error = JSON.readTree(reply.body()).get("E");
            assertEquals(601, error.get("c").asInt());
            assertTrue(error.get("m").asText().contains("entry.lua:2:"), "names file and line: " + error);
            assertEquals("v1 b", c.ask("b"));
            assertEquals(1, node.gateway.scriptVersion(0));

            dir.write("entry.lua", entry("v3")); // no reload asked for: the watcher sees the file change
            Eventually.until("the fixed file is picked up", () -> c.ask("c").startsWith("v3 "));
            assertEquals("v3 d", c.ask("d"));
            assertTrue(node.gateway.scriptVersion(0) >= 2);
        }
    }

    @Test
    void aModuleThatFailsToLoadKeepsTheOldVersion() throws Exception {
        ScriptDir dir = scripts("v1");
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0");
             WsClient c = WsClient.connect(node.wsUri())) {
            dir.write("lib/text.lua", "error('module refuses to load')\n");
            ApiClient.Reply reply = reload(node);
            assertEquals(422, reply.status(), reply.body());
            assertTrue(reply.body().contains("lib/text.lua:1"), reply.body());
            assertEquals("v1 <x>", c.ask("tag"));
        }
    }

    @Test
    void modulesReloadWithTheEntry() throws Exception {
        ScriptDir dir = scripts("v1");
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0");
             WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("v1 <x>", c.ask("tag"));
            dir.write("lib/text.lua", module("[", "]"));
            assertEquals(200, reload(node).status());
            assertEquals("v1 [x]", c.ask("tag"));
        }
    }

    @Test
    void contextValuesAndSubscriptionsSurviveAReload() throws Exception {
        ScriptDir dir = scripts("v1");
        try (TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0");
             WsClient c = WsClient.connect(node.wsUri())) {
            assertEquals("v1 set", c.ask("set kept"));
            dir.write("entry.lua", entry("v2"));
            assertEquals(200, reload(node).status());
            assertEquals("v2 ctx=kept", c.ask("ctx"));
            ApiClient.Reply published = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"room\",\"d\":\"news\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", published.body());
            assertEquals("news", c.nextText());
        }
    }

    @Test
    void aCallbackAlreadyRunningFinishesOnTheVersionItStartedWith() throws Exception {
        ScriptDir dir = scripts("v1");
        try (HeldRequests held = new HeldRequests();
             TestNode node = TestNode.start(dir.entry("entry.lua"), "servers[0].byteCodeExpires=0",
                     "servers[0].options.held=" + held.url());
             WsClient slow = WsClient.connect(node.wsUri()); WsClient other = WsClient.connect(node.wsUri())) {
            slow.send("hold");
            held.awaitArrived(1);
            dir.write("entry.lua", entry("v2"));
            assertEquals(200, reload(node).status());
            assertEquals("v2 quick", other.ask("quick"));
            held.releaseAll();
            assertEquals("v1 held released", slow.nextText());
            assertEquals("v2 next", slow.ask("next"));
        }
    }
}
