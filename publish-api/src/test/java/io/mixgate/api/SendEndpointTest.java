package io.mixgate.api;

import io.mixgate.core.MessageType;
import io.mixgate.core.SendOutcome;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendEndpointTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void sendsToAClientIdWrittenAsAString() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/send", "{\"c\":\"9223372036854775807\",\"d\":\"hello\"}");

        assertEquals(200, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("{\"E\":null,\"r\":{\"s\":true}}", reply.raw().body());
        RecordingMesh.Sent call = api.mesh.nextSend();
        assertEquals(Long.MAX_VALUE, call.clientId());
        assertEquals(MessageType.TEXT, call.type());
        assertEquals("hello", new String(call.data(), StandardCharsets.UTF_8));
    }

    @Test
    void sendsToAClientIdWrittenAsAJsonInteger() throws Exception {
        RunningApi.Reply reply = api.post("/v1/mesh/send", "{\"c\":1234567890123,\"d\":\"AAEC\",\"t\":\"binary\",\"i\":\"a\"}");

        assertEquals(200, reply.status());
        assertEquals("a", reply.json().path("i").asText());
        RecordingMesh.Sent call = api.mesh.nextSend();
        assertEquals(1234567890123L, call.clientId());
        assertEquals(MessageType.BINARY, call.type());
        assertArrayEquals(new byte[] {0, 1, 2}, call.data());
    }

    @Test
    void answers404WithCode401WhenTheClientIsNotConnected() throws Exception {
        api.mesh.sendReply = () -> CompletableFuture.completedFuture(SendOutcome.UNKNOWN_CLIENT);

        RunningApi.Reply reply = api.post("/v1/mesh/send", "{\"c\":\"123\",\"d\":\"x\",\"i\":7}");

        assertEquals(404, reply.status());
        assertEquals("{\"E\":{\"c\":401,\"m\":\"client 123 is not connected\"},\"r\":null,\"i\":7}", reply.raw().body());
    }

    @Test
    void answers409WithCode401WhenTheConnectionCannotTakeTheMessage() throws Exception {
        api.mesh.sendReply = () -> CompletableFuture.completedFuture(SendOutcome.FAILED);

        RunningApi.Reply reply = api.post("/v1/mesh/send", "{\"c\":\"123\",\"d\":\"x\"}");

        assertEquals(409, reply.status());
        assertEquals(401, reply.errorCode());
        assertTrue(reply.errorMessage().contains("client 123 could not take the message"), reply.errorMessage());
        assertTrue(reply.json().path("r").isNull());
    }
}
