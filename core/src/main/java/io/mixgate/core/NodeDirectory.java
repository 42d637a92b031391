package io.mixgate.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The live nodes of the mesh, for {@code GET /v1/nodes} (CONNMIX's center registry). The node
 * implements it; the API never sees where the list comes from.
 *
 * <p>Thread safety: implementations are safe to call from any thread, including I/O threads,
 * and never block.
 */
public interface NodeDirectory {

    /** The nodes alive now; completes exceptionally when the registry cannot be read. */
    CompletionStage<List<NodeInfo>> nodes();

    /** A directory that knows no nodes. */
    NodeDirectory NONE = () -> CompletableFuture.completedFuture(List.of());
}
