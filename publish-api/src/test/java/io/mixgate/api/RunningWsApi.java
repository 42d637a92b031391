package io.mixgate.api;

import java.net.URI;
import java.util.function.UnaryOperator;

/** A real {@link ApiServer} on a free port with {@code /ws/v1}, over a {@link RecordingMesh} and {@link MemoryQueues}. */
final class RunningWsApi implements AutoCloseable {

    static final int MAX_MESSAGE_SIZE = 4096;

    final RecordingMesh mesh = new RecordingMesh();
    final MemoryQueues queues = new MemoryQueues();
    final ApiServer server;

    RunningWsApi() {
        this(UnaryOperator.identity());
    }

    /** @param configure adjusts the builder: access, queues, the in-flight bound */
    RunningWsApi(UnaryOperator<ApiServer.Builder> configure) {
        server = configure.apply(ApiServer.builder(new ApiServerSettings("127.0.0.1", 0, MAX_MESSAGE_SIZE), mesh)
                .queues(queues)).build();
        server.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws/v1");
    }

    WsClient connect() throws Exception {
        return new WsClient(uri());
    }

    @Override
    public void close() {
        server.close();
    }
}
