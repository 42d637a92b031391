package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How an upstream feed manages its connections, end to end with a real node and a real exchange
 * (the generic provider script of src/test/resources/lua/upstreams/generic.lua).
 */
class UpstreamFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OK = "{\"result\":true}";

    private static String upstream(ReplayExchange exchange, String extra) {
        return """
                  - name: t
                    entry: gateway/src/test/resources/lua/upstreams/generic.lua
                    options: { url: "%s" }
                """.formatted(exchange.url("/ws")) + extra.indent(4);
    }

    private static String sub(String name) {
        return "{\"op\":\"sub\",\"s\":\"" + name + "\"}";
    }

    @Test
    void fiveHundredSubscriptionsAtTwoHundredFortyPerConnectionOpenExactlyThreeConnections() throws Exception {
        List<String> keys = IntStream.range(0, 500).mapToObj(i -> "s" + i).toList();
        try (ReplayExchange exchange = new ReplayExchange(new ReplayExchange.Behavior() { });
             UpstreamNode node = UpstreamNode.start(upstream(exchange, """
                     maxSubscriptionsPerConnection: 240
                     rateLimit: 100000
                     subscriptions: [%s]
                     """.formatted(String.join(", ", keys))))) {
            Await.until("500 subscribe frames", WAIT,
                    () -> exchange.connections.stream().mapToInt(c -> c.received.size()).sum(), n -> n == 500);
            assertEquals(3, exchange.connections.size());
            List<Integer> sizes = exchange.connections.stream().map(c -> c.received.size()).sorted().toList();
            assertEquals(List.of(20, 240, 240), sizes);
            Set<String> all = new HashSet<>();
            exchange.connections.forEach(c -> all.addAll(c.received));
            assertEquals(keys.stream().map(UpstreamFeedTest::sub).collect(Collectors.toSet()), all);
            assertEquals(3, node.status("t").connections().size());
            assertTrue(node.status("t").subscriptions().stream().allMatch(s -> s.state().equals("pending")),
                    "not acknowledged by this exchange: pending");
        }
    }

    @Test
    void aSilentConnectionIsReopenedWithOnlyItsOwnSubscriptionsWhileABusyOneStays() throws Exception {
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                if (text.equals(sub("chatty"))) {
                    conn.every(50, "{\"s\":\"chatty\",\"v\":1}");
                }
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start(upstream(exchange, """
                     maxSubscriptionsPerConnection: 1
                     trafficTimeout: 500ms
                     reconnect: { initial: 10ms, max: 20ms }
                     subscriptions: [chatty, quiet]
                     """))) {
            Await.until("the quiet connection reopened twice", WAIT, () -> exchange.connections.stream()
                    .filter(c -> c.received.contains(sub("quiet"))).count(), n -> n >= 3);
            for (ReplayExchange.Conn c : exchange.connections) {
                if (!c.received.isEmpty()) {
                    assertEquals(1, c.received.size(), "one connection, one subscription: " + c.received);
                }
            }
            assertEquals(1, exchange.connections.stream().filter(c -> c.received.contains(sub("chatty"))).count(),
                    "the busy connection was never reopened");
            assertTrue(node.status("t").reconnects() >= 2);
            assertTrue(node.status("t").messagesIn() > 0);
        }
    }

    @Test
    void subscribeStormsWaitForTheRateLimit() throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                arrived.put(text, System.nanoTime());
            }
        };
        List<String> keys = IntStream.range(0, 10).mapToObj(i -> "r" + i).toList();
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start(upstream(exchange, """
                     rateLimit: 5
                     subscriptions: [%s]
                     """.formatted(String.join(", ", keys))))) {
            Await.until("10 subscribe frames", WAIT, arrived::size, n -> n == 10);
            List<Long> times = new ArrayList<>(arrived.values());
            times.sort(null);
            long spanMs = (times.getLast() - times.getFirst()) / 1_000_000;
            // 5/s with a burst of one second's worth: 5 at once, then one every 200ms: the 10th ~1s after the first
            assertTrue(spanMs >= 800, "10 frames at 5/s took only " + spanMs + " ms");
            assertEquals(1, exchange.connections.size());
        }
    }

    @Test
    void demandSubscribesUpstreamAndTheLastUnsubscribeLeavesAfterTheLinger() throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                arrived.put(text, System.nanoTime());
                if (text.equals(sub("a"))) {
                    conn.send("{\"ack\":\"a\"}");
                    conn.send("{\"s\":\"a\",\"v\":42}");
                }
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start(upstream(exchange, """
                     linger: 1s
                     """));
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals(0, exchange.connections.size(), "no demand, no connection");
            assertEquals(OK, client.ask("{\"op\":\"subscribe\",\"channel\":\"a@t\"}"));
            assertEquals("{\"s\":\"a\",\"v\":42}", client.nextText());
            Await.until("acknowledged", WAIT, () -> node.state("t", "a"), "subscribed"::equals);

            // leave and come back within the linger: nothing upstream changes
            assertEquals(OK, client.ask("{\"op\":\"unsubscribe\",\"channel\":\"a@t\"}"));
            assertEquals(OK, client.ask("{\"op\":\"subscribe\",\"channel\":\"a@t\"}"));
            long left = System.nanoTime();
            assertEquals(OK, client.ask("{\"op\":\"unsubscribe\",\"channel\":\"a@t\"}"));
            assertEquals("subscribed", node.state("t", "a"), "kept during the linger");

            Await.until("the connection closed after the linger", WAIT, () -> exchange.open().size(), n -> n == 0);
            long lingered = (System.nanoTime() - left) / 1_000_000;
            assertTrue(lingered >= 900, "dropped after " + lingered + " ms, linger is 1s");
            assertEquals(1, exchange.connections.size());
            assertEquals(List.of(sub("a"), "{\"op\":\"unsub\",\"s\":\"a\"}"), exchange.connections.get(0).received);
            assertEquals(null, node.state("t", "a"));
        }
    }

    @Test
    void requestsMatchTheirReplyByIdPastOtherMessagesAndTimeOut() throws Exception {
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                if (text.contains("\"op\":\"req\"") && !text.contains("silent")) {
                    // another id first: it is not this request's reply and goes to on_message
                    conn.send("{\"id\":7,\"r\":\"other\"}");
                    conn.send("{\"id\":1,\"r\":\"one\"}");
                }
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start(upstream(exchange, """
                     options: { url: "%s", requests: "yes" }
                     """.formatted(exchange.url("/ws"))).replaceFirst("(?m)^    options: \\{ url: \"[^\"]*\" }\\n", ""));
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals(OK, client.ask("{\"op\":\"subscribe\",\"channel\":\"requests@t\"}"));
            List<String> got = List.of(client.nextText(), client.nextText());
            assertTrue(got.contains("unmatched {\"id\":7,\"r\":\"other\"}"), got.toString());
            String results = got.stream().filter(t -> t.startsWith("reply")).findFirst().orElseThrow();
            String[] parts = results.split("\\|");
            assertEquals("reply one", parts[0]);
            assertTrue(parts[1].startsWith("error timeout: no reply with id 2 within PT0.2S"), parts[1]);
            assertTrue(parts[2].startsWith("error up:request needs a table message"), parts[2]);
        }
    }

    @Test
    void aScriptThatFallsBehindPausesReadingAndLosesNothing() throws Exception {
        List<String> sent = IntStream.range(0, 60).mapToObj(i -> "{\"s\":\"q\",\"v\":" + i + "}").toList();
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                if (text.equals(sub("q"))) {
                    sent.forEach(conn::send);
                }
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start(upstream(exchange, """
                     options: { url: "%s", slow: "yes" }
                     maxQueuedMessages: 10
                     """.formatted(exchange.url("/ws"))).replaceFirst("(?m)^    options: \\{ url: \"[^\"]*\" }\\n", ""));
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals(OK, client.ask("{\"op\":\"subscribe\",\"channel\":\"q@t\"}"));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                got.add(client.nextText());
            }
            assertEquals(sent, got);
            assertTrue(node.status("t").readPauses() >= 1, "reading paused while 10 messages waited");
        }
    }

    @Test
    void aConnectionTheProviderDropsIsReopenedAndItsSubscriptionsResent() throws Exception {
        ReplayExchange.Behavior behavior = new ReplayExchange.Behavior() {
            @Override
            public void received(ReplayExchange.Conn conn, String text) {
                if (text.equals(sub("d"))) {
                    conn.close(); // the provider drops every connection once it subscribed
                }
            }
        };
        try (ReplayExchange exchange = new ReplayExchange(behavior);
             UpstreamNode node = UpstreamNode.start("""
                       - name: t
                         entry: gateway/src/test/resources/lua/upstreams/generic.lua
                         options: { url: "%s" }
                         reconnect: { initial: 10ms, max: 40ms }
                         subscriptions: [d]
                     """.formatted(exchange.url("/drop")))) {
            Await.until("three connections, each subscribing d", WAIT, () -> exchange.connections.stream()
                    .filter(c -> c.received.contains(sub("d"))).count(), n -> n >= 3);
            assertTrue(node.status("t").reconnects() >= 2);
            assertEquals("pending", node.state("t", "d"), "never acknowledged");
        }
    }
}
