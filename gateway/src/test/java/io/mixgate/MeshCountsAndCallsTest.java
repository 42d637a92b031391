package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one real Redis: a publish answers the exact number of connections it reached on
 * every node (not the number of nodes), a node that receives without reporting shows as
 * unconfirmed within the count timeout, and {@code conn.call} through one node runs on the node
 * that holds the client.
 */
class MeshCountsAndCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private static TestNode c;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        a = Probe.meshNode(redis, 1, "redis.countTimeout=500ms");
        b = Probe.meshNode(redis, 2);
        c = Probe.meshNode(redis, 3);
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestNode node : new TestNode[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
        redis.close();
    }

    private static void awaitSubscribers(String channel, int subscribers) throws Exception {
        Await.until(subscribers + " Redis subscribers of " + channel, WAIT,
                () -> redis.subscribers("mixgate:c:" + channel, false), n -> n == subscribers);
    }

    private static String clientId(WsClient client) throws Exception {
        return Probe.eval(client, "return mix.websocket():client_id()").asText();
    }

    private static ApiClient.Reply connCall(TestNode via, String clientId, String function, String argsJson)
            throws Exception {
        return ApiClient.post(via.api("/v1/conn/call"),
                "{\"c\":\"" + clientId + "\",\"f\":\"" + function + "\",\"a\":" + argsJson + "}");
    }

    @Test
    void publishCountsConnectionsOnEveryNode() throws Exception {
        try (WsClient a1 = WsClient.connect(a.wsUri()); WsClient a2 = WsClient.connect(a.wsUri());
             WsClient b1 = WsClient.connect(b.wsUri())) {
            for (WsClient client : List.of(a1, a2, b1)) {
                Probe.eval(client, "return mix.websocket():subscribe('counted')");
            }
            awaitSubscribers("counted", 2);

            for (TestNode via : List.of(c, a, b)) { // no subscriber, 2 of them, 1 of them on the publishing node
                ApiClient.Reply reply = ApiClient.post(via.api("/v1/mesh/publish"), Probe.publishBody("counted", "x"));

                assertEquals(200, reply.status(), reply.body());
                assertEquals("{\"E\":null,\"r\":{\"s\":3,\"f\":0}}", reply.body(), "3 connections on 2 nodes");
                for (WsClient client : List.of(a1, a2, b1)) {
                    assertEquals("x", client.nextText());
                }
            }
            b1.send("local ok, fail = mix.mesh.publish('counted', 'lua') return {ok, fail}");
            for (WsClient client : List.of(a1, a2, b1)) {
                assertEquals("lua", client.nextText(), "b1 gets it before the publish returns: b's count is in");
            }
            assertEquals("[3,0]", Probe.JSON.readTree(b1.nextText()).get("r").toString());
        }
    }

    @Test
    void publishCountsNodesWhenConfiguredSo() throws Exception {
        try (TestNode countsNodes = Probe.meshNode(redis, 4, "redis.publishCounts=nodes");
             WsClient a1 = WsClient.connect(a.wsUri()); WsClient a2 = WsClient.connect(a.wsUri());
             WsClient c1 = WsClient.connect(c.wsUri())) {
            for (WsClient client : List.of(a1, a2, c1)) {
                Probe.eval(client, "return mix.websocket():subscribe('by-node')");
            }
            awaitSubscribers("by-node", 2);

            ApiClient.Reply reply = ApiClient.post(countsNodes.api("/v1/mesh/publish"), Probe.publishBody("by-node", "n"));

            assertEquals("{\"E\":null,\"r\":{\"s\":2,\"f\":0}}", reply.body(), "2 nodes reached");
            for (WsClient client : List.of(a1, a2, c1)) {
                assertEquals("n", client.nextText());
            }
        }
    }

    @Test
    void aReceiverThatNeverReportsIsUnconfirmedNotAHang() throws Exception {
        try (WsClient b1 = WsClient.connect(b.wsUri()); Socket silent = rawSubscriber("mixgate:c:watched")) {
            Probe.eval(b1, "return mix.websocket():subscribe('watched')");
            awaitSubscribers("watched", 2); // node b and a plain Redis client, which receives and never reports

            long start = System.nanoTime();
            ApiClient.Reply reply = ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody("watched", "w"));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, reply.status(), reply.body());
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0,\"u\":1}}", reply.body());
            assertTrue(millis >= 450 && millis < 5_000, "answered after node a's countTimeout (500ms), took " + millis);
            assertEquals("w", b1.nextText());
        }
    }

    @Test
    void connCallThroughOneNodeReleasesAWaitOnAnother() throws Exception {
        try (WsClient onB = WsClient.connect(b.wsUri())) {
            String id = clientId(onB);
            onB.send("local conn = mix.websocket() conn:send('waiting') return conn:wait_context_value('uid')");
            assertEquals("waiting", onB.nextText());

            ApiClient.Reply reply = connCall(a, id, "set_context_value", "[\"uid\",1001]");

            assertEquals("{\"E\":null,\"r\":{\"s\":true}}", reply.body());
            JsonNode released = Probe.JSON.readTree(onB.nextText());
            assertTrue(released.get("ok").asBoolean(), released.toString());
            assertEquals(1001, released.get("r").asLong(), released.toString());
        }
    }

    @Test
    void connCallSubscribesAndUnsubscribesAClientOnAnotherNode() throws Exception {
        try (WsClient onC = WsClient.connect(c.wsUri())) {
            String id = clientId(onC);

            assertEquals(200, connCall(a, id, "subscribe", "[\"remote-sub\"]").status());
            awaitSubscribers("remote-sub", 1);
            ApiClient.Reply reached = ApiClient.post(b.api("/v1/mesh/publish"), Probe.publishBody("remote-sub", "in"));
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reached.body());
            assertEquals("in", onC.nextText());

            assertEquals(200, connCall(b, id, "unsubscribe", "[\"remote-sub\"]").status());
            ApiClient.Reply missed = ApiClient.post(a.api("/v1/mesh/publish"), Probe.publishBody("remote-sub", "out"));
            assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":0}}", missed.body());
            assertEquals("still here", Probe.JSON.readTree(onC.ask("return 'still here'")).get("r").asText(),
                    "nothing arrived before this answer");
        }
    }

    @Test
    void connCallToAnUnknownClientIs404WithCode301() throws Exception {
        String gone;
        try (WsClient onB = WsClient.connect(b.wsUri())) {
            gone = clientId(onB);
        }
        Await.until("client gone from node b", WAIT, () -> b.gateway.connectionCount(), n -> n == 0);

        for (String id : List.of(gone, Long.toString((999L << 48) | 5))) { // left node b; on a node that is not there
            ApiClient.Reply reply = connCall(a, id, "set_context_value", "[\"uid\",1]");

            assertEquals(404, reply.status(), reply.body());
            JsonNode error = Probe.JSON.readTree(reply.body()).get("E");
            assertEquals(301, error.get("c").asInt(), reply.body());
        }
    }

    /** A plain Redis client subscribed to {@code channel}: it receives every message and reports nothing. */
    private static Socket rawSubscriber(String channel) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", redis.port), 1000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(("SUBSCRIBE " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
        InputStream in = socket.getInputStream();
        int lines = 0;
        while (lines < 6) { // *3, $9, subscribe, $n, channel, :1
            int b = in.read();
            if (b == -1) {
                throw new IOException("redis closed the subscriber");
            }
            if (b == '\n') {
                lines++;
            }
        }
        return socket;
    }
}
