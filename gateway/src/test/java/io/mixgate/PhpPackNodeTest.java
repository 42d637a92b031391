package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mix.php_pack}/{@code mix.php_unpack} in a real node's on_message, over a real WebSocket. */
class PhpPackNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.withScript("probe.lua");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aScriptPacksABinaryFrameAndUnpacksOneItReceives() throws Exception {
        try (WsClient c = WsClient.connect(node.wsUri())) {
            c.send("""
                    local frame, err = mix.php_pack("CnNa*", 0x81, 2, 0xDEADBEEF, "hi")
                    mix.websocket():send(frame, "binary")
                    local t = mix.php_unpack("Cop/nkind/Nid/a*body", frame)
                    return {op = t.op, kind = t.kind, id = t.id, body = t.body, err = err}
                    """);
            WsClient.Message frame = c.next(); // sent before the reply
            assertArrayEquals(HexFormat.of().parseHex("810002deadbeef6869"), frame.binary());
            JsonNode sent = JSON.readTree(c.nextText());
            assertTrue(sent.get("ok").asBoolean(), sent.toString());
            assertEquals(JSON.readTree("{\"op\":129,\"kind\":2,\"id\":3735928559,\"body\":\"hi\"}"), sent.get("r"));
            JsonNode bad = JSON.readTree(c.ask("local t, err = mix.php_unpack('N', 'ab') return {t == nil, err}"));
            assertEquals("[true,\"Type N: not enough input, need 4, have 2\"]", bad.get("r").toString());
        }
    }
}
