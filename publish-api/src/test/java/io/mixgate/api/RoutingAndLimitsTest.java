package io.mixgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingAndLimitsTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answers404WithCode101ForAnUnknownPath() throws Exception {
        RunningApi.Reply reply = api.post("/x", "{}");

        assertEquals(404, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("{\"E\":{\"c\":101,\"m\":\"unknown path /x\"},\"r\":null}", reply.raw().body());
    }

    @Test
    void answers405WithCode101ForTheWrongMethodOnAKnownPath() throws Exception {
        RunningApi.Reply reply = api.get("/v1/mesh/publish");

        assertEquals(405, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals(101, reply.errorCode());
        assertEquals("method GET not allowed on /v1/mesh/publish (expected: POST)", reply.errorMessage());
        assertEquals("POST", reply.raw().headers().firstValue("Allow").orElse(""));
    }

    @Test
    void answers405ForAPostToHealth() throws Exception {
        RunningApi.Reply reply = api.post("/health", "");

        assertEquals(405, reply.status());
        assertEquals(101, reply.errorCode());
    }

    @Test
    void answers413WithCode101ForABodyOverTheLimit() throws Exception {
        String body = "{\"c\":\"a\",\"d\":\"" + "x".repeat(RunningApi.MAX_BODY_SIZE) + "\"}";

        RunningApi.Reply reply = api.post("/v1/mesh/publish", body);

        assertEquals(413, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals(101, reply.errorCode());
        assertTrue(reply.errorMessage().contains("larger than " + RunningApi.MAX_BODY_SIZE + " bytes"), reply.errorMessage());
        assertTrue(api.mesh.published.isEmpty());
    }

    @Test
    void answers413ForAChunkedBodyOverTheLimit() throws Exception {
        byte[] body = ("{\"c\":\"a\",\"d\":\"" + "x".repeat(RunningApi.MAX_BODY_SIZE) + "\"}").getBytes();
        HttpRequest request = api.request("/v1/mesh/publish")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        RunningApi.Reply reply = api.send(request);

        assertEquals(413, reply.status());
        assertEquals(101, reply.errorCode());
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
        String prefix = "{\"c\":\"a\",\"d\":\"";
        String suffix = "\"}";
        String body = prefix + "x".repeat(RunningApi.MAX_BODY_SIZE - prefix.length() - suffix.length()) + suffix;

        RunningApi.Reply reply = api.post("/v1/mesh/publish", body);

        assertEquals(200, reply.status(), reply.raw().body());
    }

    @Test
    void keepsServingOnTheSameConnectionAfterRefusals() throws Exception {
        assertEquals(404, api.post("/nope", "{}").status());
        assertEquals(400, api.post("/v1/mesh/publish", "{").status());
        assertEquals(413, api.post("/v1/mesh/publish", "y".repeat(RunningApi.MAX_BODY_SIZE + 1)).status());

        assertEquals(200, api.post("/v1/mesh/publish", "{\"c\":\"a\",\"d\":\"b\"}").status());
    }
}
