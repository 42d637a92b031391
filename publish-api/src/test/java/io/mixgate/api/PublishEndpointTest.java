package io.mixgate.api;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishEndpointTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void publishesTextAndAnswersTheDeliveryCounts() throws Exception {
        api.mesh.publishReply = () -> CompletableFuture.completedFuture(new PublishResult(3, 1));

        RunningApi.Reply reply = api.post("/v1/mesh/publish",
                "{\"c\":\"ex:1001@balance\",\"d\":\"{\\\"event\\\":\\\"@balance\\\",\\\"x\\\":\\\"é\\\"}\"}");

        assertEquals(200, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("{\"E\":null,\"r\":{\"s\":3,\"f\":1}}", reply.raw().body());
        RecordingMesh.Published call = api.mesh.nextPublish();
        assertEquals("ex:1001@balance", call.channel());
        assertEquals(MessageType.TEXT, call.type());
        assertEquals("{\"event\":\"@balance\",\"x\":\"é\"}", new String(call.data(), StandardCharsets.UTF_8));
    }

    @Test
    void publishesBinaryAsTheExactBytesTheBase64Encodes() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String base64 = Base64.getEncoder().encodeToString(bytes);

        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"video:7\",\"d\":\"" + base64 + "\",\"t\":\"binary\"}");

        assertEquals(200, reply.status());
        RecordingMesh.Published call = api.mesh.nextPublish();
        assertEquals(MessageType.BINARY, call.type());
        assertArrayEquals(bytes, call.data());
    }

    @Test
    void treatsAnExplicitTextTypeLikeTheDefault() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"room:1\",\"d\":\"aGk=\",\"t\":\"text\"}");

        assertEquals(200, reply.status());
        RecordingMesh.Published call = api.mesh.nextPublish();
        assertEquals(MessageType.TEXT, call.type());
        assertEquals("aGk=", new String(call.data(), StandardCharsets.UTF_8));
    }

    @Test
    void echoesTheRequestIdAsI() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"room:1\",\"d\":\"hi\",\"i\":42}");

        assertEquals(200, reply.status());
        assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":0},\"i\":42}", reply.raw().body());
    }

    @Test
    void echoesTheAlternativeIdSpellingAsI() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"room:1\",\"d\":\"hi\",\"id\":\"req-9\"}");

        assertEquals(200, reply.status());
        assertEquals("req-9", reply.json().path("i").asText());
        assertFalse(reply.json().has("id"));
    }

    @Test
    void omitsTheIdWhenTheRequestHasNone() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/publish", "{\"c\":\"room:1\",\"d\":\"hi\"}");

        assertEquals(200, reply.status());
        assertFalse(reply.json().has("i"));
        assertTrue(reply.json().has("E"));
    }
}
