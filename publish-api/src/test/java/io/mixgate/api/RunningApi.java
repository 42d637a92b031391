package io.mixgate.api;

import io.mixgate.core.NodeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A real {@link ApiServer} on a free port over a {@link RecordingMesh} and a replaceable node list, and a real HTTP client for it. */
final class RunningApi implements AutoCloseable {

    /** A reply as the client saw it. */
    record Reply(int status, String contentType, JsonNode json, HttpResponse<String> raw) {
        /** The envelope's error code, {@code "E":{"c":...}}. */
        int errorCode() {
            return json.path("E").path("c").asInt(-1);
        }

        /** The envelope's error message, {@code "E":{"m":...}}. */
        String errorMessage() {
            return json.path("E").path("m").asText();
        }
    }

    static final int MAX_BODY_SIZE = 4096;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final RecordingMesh mesh = new RecordingMesh();
    /** What {@code GET /v1/nodes} answers; tests replace it. */
    volatile java.util.function.Supplier<java.util.concurrent.CompletionStage<java.util.List<NodeInfo>>> nodes =
            () -> CompletableFuture.completedFuture(java.util.List.of());
    final ApiServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    RunningApi() {
        this(ApiAccess.OPEN);
    }

    /** An API whose routes {@code access} guards. */
    RunningApi(ApiAccess access) {
        server = ApiServer.builder(new ApiServerSettings("127.0.0.1", 0, MAX_BODY_SIZE), mesh)
                .directory(() -> nodes.get())
                .access(access)
                .build();
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    CompletableFuture<Reply> postAsync(String path, String body) {
        HttpRequest request = request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(RunningApi::toReply);
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        return toReply(client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
    }

    static Reply toReply(HttpResponse<String> response) {
        try {
            JsonNode json = response.body().isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(response.body());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json, response);
        } catch (IOException e) {
            throw new AssertionError("reply is not JSON: " + response.statusCode() + " " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
