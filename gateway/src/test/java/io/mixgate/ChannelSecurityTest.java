package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No string a client sends can reach another user's private channel. */
class ChannelSecurityTest {

    private static List<String> craftedChannels() {
        List<String> names = new ArrayList<>(List.of(
                "1002@balance", "@balance@x", "ex:1002@balance", "ex:1002@balance@balance", " @balance", "@balance ",
                "@bal ance", "1002 @balance", "@balance\n", "@balance\u0000", "@balance\u00a0", "\uff11\uff10\uff10\uff12@balance",
                "1002\u200b@balance", "@BALANCE", "@Balance", "../1002@balance", "%d@balance", "1002@balance;@order",
                "@", "@@", "", "balance", "1002@", "ex:@balance", "1002@order", "1001@balance", "*@balance", "?@balance"));
        names.add("@balance" + "x".repeat(10 * 1024));
        names.add("x".repeat(10 * 1024) + "@balance");
        names.add("1002@" + "balance".repeat(1500));
        return names;
    }

    @Test
    void craftedChannelNamesNeverReachAnotherUsersPrivateChannel() throws Exception {
        try (AuthStub auth = new AuthStub().user("attacker", 1001).user("victim", 1002);
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient attacker = WsClient.connect(node.wsUri());
             WsClient victim = WsClient.connect(node.wsUri())) {
            victim.ask("{\"op\":\"auth\",\"token\":\"victim\"}");
            victim.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}");
            attacker.ask("{\"op\":\"auth\",\"token\":\"attacker\"}");

            for (String channel : craftedChannels()) {
                String reply = attacker.ask("{\"op\":\"subscribe\",\"channel\":" + TextNode.valueOf(channel) + "}");
                assertTrue(reply.equals("{\"result\":true}") || reply.contains("\"code\":"), reply);
            }
            for (String raw : List.of("1002", "{\"x\":1}", "[\"@balance\"]", "null", "true")) {
                String reply = attacker.ask("{\"op\":\"subscribe\",\"channel\":" + raw + "}");
                assertTrue(reply.contains("\"code\":4"), raw + " -> " + reply);
            }

            ApiClient.Reply toVictim = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"ex:1002@balance\",\"d\":\"secret\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", toVictim.body(), "only the victim may be subscribed");
            assertEquals("secret", victim.nextText());
            // the attacker's own private channel comes through; nothing of the victim's precedes it
            assertEquals("{\"result\":true}", attacker.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
            ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"ex:1001@balance\",\"d\":\"mine\"}");
            assertEquals("mine", attacker.nextText());
        }
    }

    @Test
    void authServiceAnsweringAnOddUidIsRefused() throws Exception {
        try (AuthStub auth = new AuthStub();
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient client = WsClient.connect(node.wsUri())) {
            auth.user("zero", 0).user("negative", -5);
            assertTrue(client.ask("{\"op\":\"auth\",\"token\":\"zero\"}").contains("\"code\":5"));
            assertTrue(client.ask("{\"op\":\"auth\",\"token\":\"negative\"}").contains("\"code\":5"));
            assertEquals("{\"code\":1,\"msg\":\"Not Auth\"}", client.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
        }
    }

    @Test
    void secondAuthIsRefused() throws Exception {
        try (AuthStub auth = new AuthStub().user("a", 1001).user("b", 1002);
             TestNode node = TestNode.start("servers[0].options.auth_url=" + auth.url());
             WsClient client = WsClient.connect(node.wsUri())) {
            assertEquals("{\"result\":true}", client.ask("{\"op\":\"auth\",\"token\":\"a\"}"));
            assertTrue(client.ask("{\"op\":\"auth\",\"token\":\"b\"}").contains("\"code\":7"));
            client.ask("{\"op\":\"subscribe\",\"channel\":\"@order\"}");
            ApiClient.Reply r = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"ex:1001@order\",\"d\":\"o\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", r.body());
        }
    }
}
