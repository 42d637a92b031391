package io.mixgate.api;

import io.mixgate.core.NodeDirectory;
import io.mixgate.core.ScriptReloads;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/scripts/reload} over a real server and a stand-in for the node's scripts. */
class ScriptReloadEndpointTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> post(ApiServer server, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheNewVersionsOrTheCompileError() throws Exception {
        AtomicReference<CompletableFuture<List<ScriptReloads.ScriptVersionInfo>>> next = new AtomicReference<>();
        ScriptReloads scripts = () -> next.get();
        ApiServer server = new ApiServer(new ApiServerSettings("127.0.0.1", 0, 4096), new RecordingMesh(), NodeDirectory.NONE, scripts);
        server.start();
        try {
            next.set(CompletableFuture.completedFuture(List.of(new ScriptReloads.ScriptVersionInfo("scripts/e.lua", 7))));
            HttpResponse<String> ok = post(server, "/v1/scripts/reload");
            assertEquals(200, ok.statusCode());
            assertEquals("{\"E\":null,\"r\":{\"servers\":[{\"script\":\"scripts/e.lua\",\"version\":7}]}}", ok.body());

            next.set(CompletableFuture.failedFuture(new ScriptReloads.ScriptReloadFailure("scripts/e.lua:3: bad")));
            HttpResponse<String> failed = post(server, "/v1/scripts/reload");
            assertEquals(422, failed.statusCode());
            assertEquals("{\"E\":{\"c\":601,\"m\":\"scripts/e.lua:3: bad\"},\"r\":null}", failed.body());

            CompletableFuture<List<ScriptReloads.ScriptVersionInfo>> later = new CompletableFuture<>();
            next.set(later);
            CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(server, "/v1/scripts/reload");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            later.complete(List.of(new ScriptReloads.ScriptVersionInfo("a.lua", 2)));
            assertEquals(200, pending.get().statusCode(), "answered when the reload completes on another thread");
        } finally {
            server.close();
        }
    }

    @Test
    void withoutScriptsTheRouteIsAbsent() throws Exception {
        try (RunningApi api = new RunningApi()) {
            assertEquals(404, api.post("/v1/scripts/reload", "").status());
        }
    }
}
