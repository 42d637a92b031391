package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * CONNMIX's documented worker-auth flow, end to end, with the shipped example
 * {@code scripts/examples/worker-auth/entry.websocket.lua}: the client's script pushes the token
 * to the {@code auth} queue and blocks in {@code conn:wait_context_value("uid")}; a back-office
 * worker pops the queue over {@code /ws/v1} and releases the client with {@code conn.call
 * set_context_value}. Alone, and across a three-node mesh where the client, the worker's queue
 * connection and the worker's call all sit on different nodes.
 */
class WorkerAuthFlowTest {
    private static final String SCRIPT = "servers[0].entry=scripts/examples/worker-auth/entry.websocket.lua";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aWorkerReleasesTheWaitingClientOnASingleNode() throws Exception {
        try (TestNode node = TestNode.start(SCRIPT);
             WsApiClient worker = WsApiClient.connect(node);
             WsClient client = WsClient.connect(node.wsUri())) {
            WsApiClient.ok(worker.call("queue.pop", topics("auth")));

            client.send("{\"op\":\"auth\",\"token\":\"***\"}");
            JsonNode item = worker.nextEvent();
            assertEquals("queue.pop", item.get("e").asText());
            assertEquals("auth", item.at("/p/t").asText());
            assertEquals(Integer.toString(node.gateway.nodeId()), item.at("/p/n").asText());
            assertEquals("***", item.at("/p/d/token").asText(), "d is the pushed Lua table as JSON");
            String clientId = item.at("/p/c").asText();
            assertEquals(clientId, item.at("/p/d/client_id").asText());

            WsApiClient.ok(worker.call("conn.call", setUid(clientId, "1001")));

            assertEquals("{\"op\":\"auth\",\"uid\":\"1001\"}", client.nextText());
            assertEquals("{\"op\":\"subscribe\",\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"room1\"}"));
            ApiClient.Reply published = ApiClient.post(node.api("/v1/mesh/publish"), Probe.publishBody("chat:room1", "hello"));
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", published.body());
            assertEquals("hello", client.nextText());
        }
    }

    @Test
    void aRefusedTokenLeavesTheClientUnauthenticated() throws Exception {
        try (TestNode node = TestNode.start(SCRIPT);
             WsApiClient worker = WsApiClient.connect(node);
             WsClient client = WsClient.connect(node.wsUri())) {
            WsApiClient.ok(worker.call("queue.pop", topics("auth")));
            client.send("{\"op\":\"auth\",\"token\":\"forged\"}");
            String clientId = worker.nextEvent().at("/p/c").asText();

            WsApiClient.ok(worker.call("conn.call", setUid(clientId, "")));

            assertEquals("{\"error\":\"token refused\",\"op\":\"auth\"}", client.nextText());
            assertEquals("{\"error\":\"not authenticated\",\"op\":\"subscribe\"}",
                    client.ask("{\"op\":\"subscribe\",\"channel\":\"room1\"}"));
        }
    }

    @Test
    void aWorkerOnAnotherNodeReleasesTheClientAcrossTheMesh() throws Exception {
        try (RedisServer redis = RedisServer.launch();
             TestNode a = TestNode.start(SCRIPT, "redis.uri=" + redis.uri(), "node.id=1");
             TestNode b = TestNode.start(SCRIPT, "redis.uri=" + redis.uri(), "node.id=2");
             TestNode c = TestNode.start(SCRIPT, "redis.uri=" + redis.uri(), "node.id=3");
             WsApiClient popsOnC = WsApiClient.connect(c);
             WsApiClient callsThroughB = WsApiClient.connect(b);
             WsClient clientOnA = WsClient.connect(a.wsUri())) {
            WsApiClient.ok(popsOnC.call("queue.pop", topics("auth")));

            clientOnA.send("{\"op\":\"auth\",\"token\":\"token-1002\"}");
            JsonNode item = popsOnC.nextEvent();
            assertEquals("1", item.at("/p/n").asText(), "pushed by node 1's script");
            String clientId = item.at("/p/c").asText();

            WsApiClient.ok(callsThroughB.call("conn.call", setUid(clientId, "1002")));

            assertEquals("{\"op\":\"auth\",\"uid\":\"1002\"}", clientOnA.nextText());
            assertEquals("{\"op\":\"subscribe\",\"result\":true}",
                    clientOnA.ask("{\"op\":\"subscribe\",\"channel\":\"room7\"}"));
            Await.until("node 1 subscribed to chat:room7", WAIT,
                    () -> redis.subscribers("mixgate:c:chat:room7", false), n -> n == 1);
            ApiClient.Reply published = ApiClient.post(c.api("/v1/mesh/publish"), Probe.publishBody("chat:room7", "hi"));
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", published.body(), "s counts connections across the mesh");
            assertEquals("hi", clientOnA.nextText());
        }
    }

    private static JsonNode topics(String... names) {
        ObjectNode p = Probe.JSON.createObjectNode();
        p.putArray("t").addAll(java.util.Arrays.stream(names).map(Probe.JSON.getNodeFactory()::textNode).toList());
        return p;
    }

    private static JsonNode setUid(String clientId, String uid) {
        ObjectNode p = Probe.JSON.createObjectNode().put("c", clientId).put("f", "set_context_value");
        p.putArray("a").add("uid").add(uid);
        return p;
    }
}
