package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The seed's own {@code on_message}, pasted verbatim from shared/seeds/001 into
 * {@code lua/seed_entry.websocket.lua}: its auth URL is hard-wired to 127.0.0.1:8000 and it
 * posts the malformed body {@code {"token:"***"}}, so the node's demo auth endpoint answers it
 * there. (The test needs port 8000 free.)
 */
class SeedScriptTest {
    private static final String BALANCE = "{\"event\":\"@balance\",\"data\":{\"uid\":1001}}";

    @Test
    void seedScriptAuthenticatesSubscribesAndReceives() throws Exception {
        try (TestNode node = TestNode.withScript("seed_entry.websocket.lua", "demoAuth.enabled=true", "demoAuth.port=8000");
             WsClient client = WsClient.connect(node.wsUri())) {
            client.send("{\"op\":\"auth\",\"token\":\"***\"}"); // the seed replies nothing to auth
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"),
                    "{\"c\":\"ex:1001@balance\",\"d\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(BALANCE) + "}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", reply.body());
            assertEquals(BALANCE, client.nextText());
        }
    }

    @Test
    void seedScriptRefusesPrivateChannelBeforeAuth() throws Exception {
        try (TestNode node = TestNode.withScript("seed_entry.websocket.lua", "demoAuth.enabled=true", "demoAuth.port=8000");
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals("{\"code\":1,\"msg\":\"Not Auth\"}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@order\"}"));
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}"));
        }
    }
}
