package io.mixgate.node;

import io.mixgate.core.Gathered;
import io.mixgate.core.NodeOverview;
import io.mixgate.core.NodeStats;
import io.mixgate.core.ScriptError;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link NodeOverview} of this node alone, answered at once on the caller's thread: a lone node's
 * answer, and each node's part of a mesh-wide one ({@link MeshOverview}).
 *
 * <p>Thread-safe if its suppliers are; never blocks.
 */
public final class LocalOverview implements NodeOverview {
    private final Supplier<NodeStats> stats;
    private final Supplier<List<ScriptError>> errors;

    /**
     * @param stats  reads this node's figures now
     * @param errors this node's recent script errors, newest first
     */
    public LocalOverview(Supplier<NodeStats> stats, Supplier<List<ScriptError>> errors) {
        this.stats = stats;
        this.errors = errors;
    }

    NodeStats statsHere() {
        return stats.get();
    }

    List<ScriptError> errorsHere() {
        return errors.get();
    }

    @Override
    public CompletionStage<Gathered<List<NodeStats>>> stats() {
        return CompletableFuture.completedFuture(Gathered.complete(List.of(statsHere())));
    }

    @Override
    public CompletionStage<Gathered<List<ScriptError>>> scriptErrors() {
        return CompletableFuture.completedFuture(Gathered.complete(errorsHere()));
    }
}
