package io.mixgate.api;

import io.mixgate.core.NodeInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CONNMIX's center endpoints, {@code GET /version} and {@code GET /v1/nodes}, answered by every node. */
class CenterEndpointsTest {

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void versionListsTheApis() throws Exception {
        RunningApi.Reply reply = api.get("/version");

        assertEquals(200, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("{\"apis\":[\"v1\"]}", reply.raw().body());
    }

    @Test
    void nodesListsEveryLiveNodeAsABareDocument() throws Exception {
        api.nodes = () -> CompletableFuture.completedFuture(List.of(
                new NodeInfo("1", "10.0.0.1:6789", 1000, 5, 2000),
                new NodeInfo("2", "10.0.0.2:6789", 1100, 0, 2100)));

        RunningApi.Reply reply = api.get("/v1/nodes");

        assertEquals(200, reply.status());
        assertEquals("{\"nodes\":[{\"id\":\"1\",\"api_server\":\"10.0.0.1:6789\",\"started_at\":1000,\"connections\":5,"
                + "\"heartbeat_at\":2000},{\"id\":\"2\",\"api_server\":\"10.0.0.2:6789\",\"started_at\":1100,"
                + "\"connections\":0,\"heartbeat_at\":2100}]}", reply.raw().body());
    }

    @Test
    void nodesAnswers503WhenTheRegistryCannotBeRead() throws Exception {
        api.nodes = () -> CompletableFuture.failedFuture(new IllegalStateException("redis down"));

        RunningApi.Reply reply = api.get("/v1/nodes");

        assertEquals(503, reply.status());
        assertEquals(503, reply.errorCode());
        assertEquals("list nodes failed: redis down", reply.errorMessage());
    }

    @Test
    void postIsNotAllowedOnCenterEndpoints() throws Exception {
        assertEquals(405, api.post("/v1/nodes", "{}").status());
        assertEquals(405, api.post("/version", "{}").status());
    }
}
