package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * One channel grammar on a real node: every name that {@code conn:subscribe} refuses (NUL,
 * whitespace, over 512 characters, 1 MB) is refused by the API too, with 101 naming the rule,
 * and a name the API accepts can be subscribed.
 */
class ChannelGrammarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "(expected: a channel name of 1..512 characters without whitespace or control characters)";

    @Test
    void theApiRefusesWhatSubscribeRefusesWith101NamingTheRule() throws Exception {
        String[] refused = {"a\u0000b", "a b", "a\u2028b", "x".repeat(513), "x".repeat(1 << 20)};
        try (TestNode node = TestNode.withScript("probe.lua");
             WsClient client = WsClient.connect(node.wsUri())) {
            for (String name : refused) {
                String quoted = JSON.writeValueAsString(name);
                JsonNode subscribe = JSON.readTree(client.ask("return conn:subscribe(" + luaString(name) + ")"));
                assertTrue(subscribe.path("r").asText().startsWith("invalid channel name"), "conn:subscribe refuses " + shown(name));

                ApiClient.Reply publish = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":" + quoted + ",\"d\":\"x\"}");
                assertRefused(publish, "publish " + shown(name));

                ApiClient.Reply batch = ApiClient.post(node.api("/v1/mesh/publish_batch"), "[{\"c\":" + quoted + ",\"d\":\"x\"}]");
                assertRefused(batch, "publish_batch " + shown(name));

                ApiClient.Reply call = ApiClient.post(node.api("/v1/conn/call"),
                        "{\"c\":\"1\",\"f\":\"subscribe\",\"a\":[" + quoted + "]}");
                assertRefused(call, "conn.call subscribe " + shown(name));
            }
            String longest = "x".repeat(512);
            assertEquals("{\"ok\":true,\"r\":\"nil\"}", client.ask("return conn:subscribe(\"" + longest + "\")"));
            ApiClient.Reply ok = ApiClient.post(node.api("/v1/mesh/publish"), "{\"c\":\"" + longest + "\",\"d\":\"hello\"}");
            assertEquals("{\"E\":null,\"r\":{\"s\":1,\"f\":0}}", ok.body());
            assertEquals("hello", client.nextText());
        }
    }

    private static void assertRefused(ApiClient.Reply reply, String what) throws Exception {
        JsonNode e = JSON.readTree(reply.body()).path("E");
        assertEquals(101, e.path("c").asInt(), what + ": " + reply.body().substring(0, Math.min(300, reply.body().length())));
        String message = e.path("m").asText();
        assertTrue(message.endsWith(RULE), what + ": " + message);
        assertTrue(message.length() < 300, what + ": the message stays short");
    }

    private static String luaString(String s) {
        if (s.length() > 1000) {
            return "string.rep(\"x\", " + s.length() + ")";
        }
        return "\"" + s.replace("\u0000", "\\0") + "\"";
    }

    private static String shown(String s) {
        return s.length() > 20 ? s.length() + " chars" : JSON.valueToTree(s).toString();
    }
}
