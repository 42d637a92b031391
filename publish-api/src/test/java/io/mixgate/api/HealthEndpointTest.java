package io.mixgate.api;

import io.mixgate.core.NodeHealth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answers200WithTheConnectionCountWhenHealthy() throws Exception {
        api.mesh.health = () -> new NodeHealth(true, 12, "ok");

        RunningApi.Reply reply = api.get("/health");

        assertEquals(200, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("{\"status\":\"ok\",\"connections\":12,\"mesh\":\"ok\"}", reply.raw().body());
    }

    @Test
    void aMeshLinkDownKeepsHealthGreenAndTurnsHealthMeshRed() throws Exception {
        api.mesh.health = () -> new NodeHealth(true, 5, "ok").meshDown("redis unreachable");

        RunningApi.Reply ready = api.get("/health");
        RunningApi.Reply mesh = api.get("/health/mesh");

        assertEquals(200, ready.status(), "the node still serves its clients: keep it in rotation");
        assertEquals("ok", ready.json().path("status").asText());
        assertEquals("redis unreachable", ready.json().path("mesh").asText());
        assertEquals(503, mesh.status());
        assertEquals("unhealthy", mesh.json().path("status").asText());
        assertEquals("redis unreachable", mesh.json().path("detail").asText());
        assertEquals(5, mesh.json().path("connections").asInt());
    }

    @Test
    void drainingTurnsBothRedWithItsReason() throws Exception {
        api.mesh.health = () -> new NodeHealth(false, 2, "draining");

        assertEquals(503, api.get("/health").status());
        assertEquals("draining", api.get("/health").json().path("detail").asText());
        assertEquals(503, api.get("/health/mesh").status());
        assertEquals("draining", api.get("/health/mesh").json().path("detail").asText());
    }

    @Test
    void answers503WithTheDetailWhenUnhealthy() throws Exception {
        api.mesh.health = () -> new NodeHealth(false, 3, "script lanes stalled");

        RunningApi.Reply reply = api.get("/health");

        assertEquals(503, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("unhealthy", reply.json().path("status").asText());
        assertEquals("script lanes stalled", reply.json().path("detail").asText());
    }

    @Test
    void answers503WhenTheHealthCheckItselfThrows() throws Exception {
        api.mesh.health = () -> {
            throw new IllegalStateException("registry closed");
        };

        RunningApi.Reply reply = api.get("/health");

        assertEquals(503, reply.status());
        assertEquals("unhealthy", reply.json().path("status").asText());
    }
}
