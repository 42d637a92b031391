package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Several {@code servers} entries run side by side, each with its own path and script, sharing channels. */
class MultipleServersTest {

    @Test
    void eachServerRunsItsOwnScriptAndChannelsAreShared() throws Exception {
        try (TestNode node = TestNode.start("servers[1].port=0", "servers[1].bind=127.0.0.1",
                "servers[1].entry=gateway/src/test/resources/lua/probe.lua", "servers[1].options.path=/probe");
             WsClient exchange = WsClient.connect(node.wsUri());
             WsClient probe = WsClient.connect(node.wsUri(1, "/probe"))) {
            assertEquals("{\"op\":\"pong\"}", exchange.ask("{\"op\":\"ping\"}"));
            assertTrue(probe.ask("return mix.server.option('path')").contains("/probe"));

            exchange.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}");
            probe.ask("conn:subscribe('ex:BTCUSDT@depth') return 1");
            ApiClient.Reply reply = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"ex:BTCUSDT@depth\",\"d\":\"tick\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":2,\"f\":0}}", reply.body());
            assertEquals("tick", exchange.nextText());
            assertEquals("tick", probe.nextText());
        }
    }

    @Test
    void eachServerAnswersOnlyItsOwnPath() throws Exception {
        try (TestNode node = TestNode.start("servers[1].port=0", "servers[1].bind=127.0.0.1",
                "servers[1].entry=gateway/src/test/resources/lua/probe.lua", "servers[1].options.path=/probe")) {
            ApiClient.Reply wrong = ApiClient.get(java.net.URI.create(
                    "http://127.0.0.1:" + node.gateway.serverPort(1) + "/exchange-stream"));
            assertEquals(404, wrong.status());
        }
    }
}
