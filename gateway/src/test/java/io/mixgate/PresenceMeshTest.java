package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence across two nodes on a real Redis: a back-office follower on node A's {@code /ws/v1}
 * gets the joins and leaves of clients on node B (and A) with their {@code uid}; the presence GET
 * through either node lists every subscriber, paged; unsubscribing stops the events.
 */
class PresenceMeshTest {
    private static RedisServer redis;
    private static TestNode a;
    private static TestNode b;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.launch();
        a = Probe.meshNode(redis, 1);
        b = Probe.meshNode(redis, 2);
        Await.until("two nodes registered", WsClient.WAIT, () -> ApiClient.get(a.api("/v1/nodes")).body(),
                body -> body.contains("\"2\"") && body.contains("\"1\""));
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestNode node : new TestNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private WsClient client(TestNode node, String uidLua) throws Exception {
        WsClient client = WsClient.connect(node.wsUri());
        open.add(client::close);
        if (uidLua != null) {
            Probe.eval(client, "mix.websocket():set_context_value('uid', " + uidLua + ") return 1");
        }
        return client;
    }

    private static String id(WsClient client) throws Exception {
        return Probe.eval(client, "return mix.websocket():client_id()").asText();
    }

    private static void subscribe(WsClient client, String channel) throws Exception {
        Probe.eval(client, "return mix.websocket():subscribe('" + channel + "')");
    }

    private WsApiClient follower(TestNode node, String channel) throws Exception {
        WsApiClient follower = WsApiClient.connect(node);
        open.add(follower);
        JsonNode r = WsApiClient.ok(follower.call("presence.subscribe", params(channel, "uid")));
        assertTrue(r.path("s").asBoolean(), r.toString());
        assertFalse(r.path("partial").asBoolean(), r.toString());
        return follower;
    }

    private static ObjectNode params(String channel, String key) {
        ObjectNode p = Probe.JSON.createObjectNode().put("c", channel);
        if (key != null) {
            p.put("k", key);
        }
        return p;
    }

    private static JsonNode get(TestNode via, String path) throws Exception {
        ApiClient.Reply reply = ApiClient.get(via.api(path));
        assertEquals(200, reply.status(), reply.body());
        return Probe.JSON.readTree(reply.body());
    }

    @Test
    void aJoinOnNodeBReachesAFollowerOnNodeA() throws Exception {
        WsApiClient follower = follower(a, "room");

        WsClient onB = client(b, "1001");
        subscribe(onB, "room");

        JsonNode join = follower.nextEvent();
        assertEquals("join", join.path("e").asText(), join.toString());
        assertEquals("room", join.path("c").asText());
        assertEquals(id(onB), join.path("id").asText());
        assertEquals("2", join.path("node").asText());
        assertEquals(1001, join.path("v").asInt(), join.toString());

        WsClient onA = client(a, null); // no uid: listed with null
        subscribe(onA, "room");
        JsonNode local = follower.nextEvent();
        assertEquals("join", local.path("e").asText(), local.toString());
        assertEquals(id(onA), local.path("id").asText());
        assertEquals("1", local.path("node").asText());
        assertTrue(local.path("v").isNull(), local.toString());

        for (TestNode via : List.of(a, b)) {
            JsonNode presence = get(via, "/v1/channels/room/presence?key=uid");
            assertFalse(presence.path("partial").asBoolean(), presence.toString());
            JsonNode subs = presence.path("subscribers");
            assertEquals(2, subs.size(), presence.toString());
            for (JsonNode s : subs) {
                if (s.path("id").asText().equals(id(onB))) {
                    assertEquals("2", s.path("node").asText());
                    assertEquals(1001, s.path("v").asInt());
                } else {
                    assertEquals(id(onA), s.path("id").asText());
                    assertTrue(s.path("v").isNull(), presence.toString());
                }
                assertTrue(s.path("connected_at").asLong() > 0, presence.toString());
            }
        }
        JsonNode first = get(b, "/v1/channels/room/presence?key=uid&limit=1");
        assertEquals(1, first.path("subscribers").size());
        JsonNode second = get(b, "/v1/channels/room/presence?key=uid&limit=1&cursor=" + first.path("next_cursor").asText());
        assertEquals(1, second.path("subscribers").size());
        assertTrue(second.path("next_cursor").isNull(), second.toString());

        Probe.eval(onB, "return mix.websocket():unsubscribe('room')");
        JsonNode leave = follower.nextEvent();
        assertEquals("leave", leave.path("e").asText(), leave.toString());
        assertEquals(id(onB), leave.path("id").asText());
        assertEquals(1001, leave.path("v").asInt());

        String idOnA = id(onA);
        onA.close();
        JsonNode closed = follower.nextEvent();
        assertEquals("leave", closed.path("e").asText(), closed.toString());
        assertEquals(idOnA, closed.path("id").asText());
    }

    @Test
    void unsubscribingStopsTheEvents() throws Exception {
        WsApiClient follower = follower(a, "hall");
        WsApiClient.ok(follower.call("presence.subscribe", params("marker", "uid")));
        assertTrue(WsApiClient.ok(follower.call("presence.unsubscribe", params("hall", null))).path("s").asBoolean());

        WsClient onB = client(b, "'alice'");
        subscribe(onB, "hall"); // no event: not followed any more
        subscribe(onB, "marker"); // same node, same path: arrives after any event for hall would have

        JsonNode next = follower.nextEvent();
        assertEquals("marker", next.path("c").asText(), next.toString());
        assertEquals("alice", next.path("v").asText());
    }

    @Test
    void badParametersAreRefusedNamingTheField() throws Exception {
        WsApiClient api = WsApiClient.connect(a);
        open.add(api);
        JsonNode noKey = api.call("presence.subscribe", params("room", null));
        assertEquals(101, noKey.path("E").path("c").asInt(), noKey.toString());
        assertTrue(noKey.path("E").path("m").asText().contains("p.k"), noKey.toString());
        JsonNode badChannel = api.call("presence.subscribe", params("", "uid"));
        assertTrue(badChannel.path("E").path("m").asText().contains("p.c"), badChannel.toString());

        ApiClient.Reply reply = ApiClient.get(a.api("/v1/channels/room/presence"));
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.body().contains("key: missing"), reply.body());
    }
}
