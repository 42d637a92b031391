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
        assertEquals("{\"status\":\"ok\",\"connections\":12}", reply.raw().body());
    }

    @Test
    void answers503WithTheDetailWhenUnhealthy() throws Exception {
        api.mesh.health = () -> new NodeHealth(false, 3, "redis unreachable");

        RunningApi.Reply reply = api.get("/health");

        assertEquals(503, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("unhealthy", reply.json().path("status").asText());
        assertEquals("redis unreachable", reply.json().path("detail").asText());
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
