package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's test section and the exchange protocol of scripts/entry.websocket.lua, end to end. */
class ExchangeProtocolTest {
    private static final String BALANCE = "{\"event\":\"@balance\",\"data\":{\"uid\":1001,\"balance\":"
            + "[{\"currency\":\"BTC\",\"available\":100,\"unavailable\":100 }]}}";

    private AuthStub auth;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        auth = new AuthStub().user("***", 1001).user("token-1002", 1002);
        node = TestNode.start("servers[0].options.auth_url=" + auth.url());
    }

    @AfterEach
    void stop() {
        node.close();
        auth.close();
    }

    private static String publishBody(String channel, String data) {
        return "{\"c\":\"" + channel + "\",\"d\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(data) + "}";
    }

    @Test
    void seedTestSectionPasses() throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"auth\",\"token\":\"***\"}"));
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"), publishBody("ex:1001@balance", BALANCE));
            assertEquals(200, reply.status());
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reply.body());
            assertEquals(BALANCE, client.nextText());
        }
    }

    @Test
    void authCallbackGetsValidJson() throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            client.ask("{\"op\":\"auth\",\"token\":\"***\"}");
            assertEquals("{\"token\":\"***\"}", auth.lastBody.get());
            assertEquals("application/json", auth.lastContentType.get());
        }
    }

    @Test
    void anotherUserDoesNotReceivePrivateMessages() throws Exception {
        try (WsClient alice = WsClient.connect(node.wsUri()); WsClient bob = WsClient.connect(node.wsUri())) {
            alice.ask("{\"op\":\"auth\",\"token\":\"***\"}");
            alice.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}");
            bob.ask("{\"op\":\"auth\",\"token\":\"token-1002\"}");
            bob.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}");

            ApiClient.post(node.api("/v1/mesh/publish"), publishBody("ex:1001@balance", "for alice"));
            ApiClient.post(node.api("/v1/mesh/publish"), publishBody("ex:1002@balance", "for bob"));

            assertEquals("for alice", alice.nextText());
            // delivery is synchronous per publish: had bob got alice's message, it would come first
            assertEquals("for bob", bob.nextText());
        }
    }

    @Test
    void publicChannelReachesEverySubscriber() throws Exception {
        WsClient[] clients = new WsClient[5];
        try {
            for (int i = 0; i < clients.length; i++) {
                clients[i] = WsClient.connect(node.wsUri());
                assertEquals("{\"result\":true}", clients[i].ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}"));
            }
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"),
                    publishBody("ex:BTCUSDT@depth", "{\"bids\":[],\"asks\":[]}"));
            assertEquals("{\"E\":null,\"r\":{\"s\":5,\"f\":0}}", reply.body());
            for (WsClient c : clients) {
                assertEquals("{\"bids\":[],\"asks\":[]}", c.nextText());
            }
        } finally {
            for (WsClient c : clients) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            client.ask("{\"op\":\"subscribe\",\"channel\":\"ETHUSDT@trades\"}");
            client.ask("{\"op\":\"subscribe\",\"channel\":\"ETHUSDT@ticker\"}");
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"unsubscribe\",\"channel\":\"ETHUSDT@trades\"}"));
            ApiClient.Reply none = ApiClient.post(node.api("/v1/mesh/publish"), publishBody("ex:ETHUSDT@trades", "t"));
            assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":0}}", none.body());
            ApiClient.post(node.api("/v1/mesh/publish"), publishBody("ex:ETHUSDT@ticker", "still here"));
            assertEquals("still here", client.nextText());
        }
    }

    @Test
    void privateChannelBeforeAuthIsRefused() throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals("{\"code\":1,\"msg\":\"Not Auth\"}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
        }
    }

    @Test
    void badTokenIsRefusedAndConnectionStays() throws Exception {
        try (WsClient client = WsClient.connect(node.wsUri())) {
            String reply = client.ask("{\"op\":\"auth\",\"token\":\"nope\"}");
            assertTrue(reply.contains("\"code\":5"), reply);
            assertEquals("{\"code\":1,\"msg\":\"Not Auth\"}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@order\"}"));
            assertEquals("{\"op\":\"pong\"}", client.ask("{\"op\":\"ping\"}"));
        }
    }

    @Test
    void authServiceDownIsReported() throws Exception {
        auth.close();
        try (WsClient client = WsClient.connect(node.wsUri())) {
            String reply = client.ask("{\"op\":\"auth\",\"token\":\"***\"}");
            assertTrue(reply.contains("\"code\":6"), reply);
            assertNull(client.poll());
        }
    }

    @Test
    void sendToUnknownClientIsAnError() throws Exception {
        ApiClient.Reply unknown = ApiClient.post(node.api("/v1/mesh/send"), "{\"c\":\"42\",\"d\":\"x\"}");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("\"c\":401"), unknown.body());
    }
}
