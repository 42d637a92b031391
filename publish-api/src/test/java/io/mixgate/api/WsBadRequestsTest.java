package io.mixgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input on {@code /ws/v1} gets a 101 reply naming the problem, and the connection keeps working. */
class WsBadRequestsTest {

    private final RunningWsApi api = new RunningWsApi();
    private final WsClient client = api.connect();

    WsBadRequestsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void namesAnUnknownMethodAndEchoesTheId() throws Exception {
        assertEquals("{\"E\":{\"c\":101,\"m\":\"unknown method \\\"mesh.nope\\\" (expected: mesh.publish, mesh.send, conn.call, "
                        + "queue.pop, queue.unpop, presence.subscribe, presence.unsubscribe, ping)\"},\"r\":null,\"i\":9}",
                client.call("{\"m\":\"mesh.nope\",\"p\":{},\"i\":9}"));
        assertStillWorks();
    }

    @Test
    void refusesMalformedJsonAndNonObjects() throws Exception {
        JsonNode malformed = client.nextJsonAfter("{\"m\":\"ping\",");
        assertEquals(101, malformed.path("E").path("c").asInt());
        assertTrue(malformed.path("E").path("m").asText().startsWith("malformed JSON at line 1"), malformed.toString());
        assertFalse(malformed.has("i"));

        JsonNode array = client.nextJsonAfter("[1,2]");
        assertEquals("message: [1,2] (expected: a request such as {\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"hi\"},\"i\":1})",
                array.path("E").path("m").asText());
        assertStillWorks();
    }

    @Test
    void refusesChannelNamesThatSubscribeRefusesInPublishAndConnCallSubscribe() throws Exception {
        String rule = " (expected: a channel name of 1..512 characters without whitespace or control characters)";
        assertEquals("field \"c\": \"a\\u0000b\": control character U+0000 at index 1" + rule,
                client.nextJsonAfter("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"a\\u0000b\",\"d\":\"x\"},\"i\":1}")
                        .path("E").path("m").asText());
        assertEquals("field \"c\": \"a b\": whitespace U+0020 at index 1" + rule,
                client.nextJsonAfter("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"a b\",\"d\":\"x\"},\"i\":2}")
                        .path("E").path("m").asText());
        JsonNode longName = client.nextJsonAfter("{\"m\":\"mesh.publish\",\"p\":{\"c\":\"" + "y".repeat(513) + "\",\"d\":\"x\"},\"i\":3}");
        assertEquals(101, longName.path("E").path("c").asInt());
        assertTrue(longName.path("E").path("m").asText().endsWith("513 characters, longer than 512" + rule), longName.toString());
        JsonNode subscribe = client.nextJsonAfter(
                "{\"m\":\"conn.call\",\"p\":{\"c\":\"1\",\"f\":\"subscribe\",\"a\":[\"ok\",\"a\\u0000b\"]},\"i\":4}");
        assertEquals(101, subscribe.path("E").path("c").asInt());
        assertEquals("subscribe: argument 1: control character U+0000 at index 1" + rule, subscribe.path("E").path("m").asText());
        assertStillWorks();
        assertTrue(api.mesh.published.isEmpty() && api.mesh.called.isEmpty(), "nothing reached the node");
    }

    @Test
    void refusesMissingMethodAndBadParamsNamingTheField() throws Exception {
        assertEquals("field \"m\": missing (expected: one of mesh.publish, mesh.send, conn.call, queue.pop, queue.unpop, presence.subscribe, presence.unsubscribe, ping)",
                client.nextJsonAfter("{\"p\":{},\"i\":1}").path("E").path("m").asText());
        assertEquals("field \"p\": missing (expected: an object such as {\"c\":...,\"d\":...})",
                client.nextJsonAfter("{\"m\":\"mesh.publish\",\"i\":2}").path("E").path("m").asText());
        JsonNode noChannel = client.nextJsonAfter("{\"m\":\"mesh.publish\",\"p\":{\"d\":\"x\"},\"id\":3}");
        assertEquals("{\"E\":{\"c\":101,\"m\":\"field \\\"c\\\": missing (expected: a channel name of 1..512 characters without whitespace or control characters)\"},\"r\":null,\"id\":3}",
                noChannel.toString());
        assertEquals("field \"c\": \"abc\" (expected: a client id, an int64 written as a string of digits)",
                client.nextJsonAfter("{\"m\":\"mesh.send\",\"p\":{\"c\":\"abc\",\"d\":\"x\"},\"i\":4}").path("E").path("m").asText());
        assertTrue(client.nextJsonAfter("{\"m\":\"conn.call\",\"p\":{\"c\":\"1\",\"f\":\"explode\",\"a\":[]},\"i\":5}")
                .path("E").path("m").asText().startsWith("unknown conn.call function \"explode\""));
        assertStillWorks();
        assertTrue(api.mesh.published.isEmpty() && api.mesh.sent.isEmpty() && api.mesh.called.isEmpty(),
                "nothing reached the node");
    }

    @Test
    void refusesABinaryMessage() throws Exception {
        client.sendBinary(new byte[]{1, 2, 3});
        assertEquals("{\"E\":{\"c\":101,\"m\":\"binary message of 3 bytes: /ws/v1 takes JSON requests in text messages\"},\"r\":null}",
                client.next());
        assertStillWorks();
    }

    @Test
    void refusesAMessageOverTheLimitAndKeepsTheConnection() throws Exception {
        String big = "{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"" + "x".repeat(3 * RunningWsApi.MAX_MESSAGE_SIZE) + "\"},\"i\":1}";
        assertEquals("{\"E\":{\"c\":101,\"m\":\"message of " + big.length() + " bytes over the limit of "
                + RunningWsApi.MAX_MESSAGE_SIZE + "\"},\"r\":null}", client.call(big));
        assertStillWorks();
        assertTrue(api.mesh.published.isEmpty());

        String justFits = "{\"m\":\"mesh.publish\",\"p\":{\"c\":\"news\",\"d\":\"" + "y".repeat(RunningWsApi.MAX_MESSAGE_SIZE - 50) + "\"},\"i\":2}";
        assertEquals(RunningWsApi.MAX_MESSAGE_SIZE, justFits.length());
        assertEquals("{\"E\":null,\"r\":{\"s\":0,\"f\":0},\"i\":2}", client.call(justFits));
        String oneOver = justFits.replace("\"i\":2}", "\"i\":22}");
        assertEquals(101, client.nextJsonAfter(oneOver).path("E").path("c").asInt());
    }

    @Test
    void aPlainGetWithoutUpgradeIsRefused() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            java.net.URI plain = java.net.URI.create("http://127.0.0.1:" + api.server.port() + "/ws/v1");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode());
            assertTrue(response.body().contains("\"c\":101"), response.body());
        }
    }

    @Test
    void refusesTheUpgradeWithoutCredentialsBeforeAnyUpgrade() throws Exception {
        try (RunningWsApi guarded = new RunningWsApi(b -> b.access((remote, authorization, needed) ->
                authorization == null ? new ApiAccess.Decision(401, "credentials required") : ApiAccess.Decision.ALLOWED))) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> new WsClient(guarded.uri()));
            WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
            assertEquals(401, handshake.getResponse().statusCode());
            assertEquals(0, guarded.queues.consumers.size());
        }
    }

    private void assertStillWorks() throws Exception {
        assertEquals("{\"E\":null,\"r\":\"pong\",\"i\":\"after\"}", client.call("{\"m\":\"ping\",\"i\":\"after\"}"));
    }
}
