package io.mixgate.node;

import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeInfo;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /v1/nodes} of a node running alone (no Redis): just itself. {@code apiServer} is
 * read per request, once the API is bound.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class LocalDirectory implements NodeDirectory {
    private final int nodeId;
    private final Supplier<String> apiServer;
    private final long startedAt;
    private final LongSupplier connections;
    private final Clock clock;

    public LocalDirectory(int nodeId, Supplier<String> apiServer, LongSupplier connections, Clock clock) {
        this.nodeId = nodeId;
        this.apiServer = apiServer;
        this.connections = connections;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return CompletableFuture.completedFuture(List.of(new NodeInfo(Integer.toString(nodeId), apiServer.get(), startedAt,
                connections.getAsLong(), clock.millis())));
    }
}
