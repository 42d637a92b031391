package io.mixgate.node;

import io.mixgate.broker.NodeChannel;
import io.mixgate.core.Gathered;
import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeOverview;
import io.mixgate.core.NodeStats;
import io.mixgate.core.ScriptError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@link NodeOverview} across a Redis mesh: every live node is asked over its node channel
 * ({@link OverviewWire}) and answers within {@code redis.sendTimeout}, or is reported missing.
 *
 * <p>Thread-safe; never blocks.
 */
public final class MeshOverview implements NodeOverview {
    private final LocalOverview local;
    private final MeshGather mesh;

    public MeshOverview(int selfId, LocalOverview local, NodeRequests remote, NodeChannel via, NodeDirectory directory) {
        this.local = local;
        this.mesh = new MeshGather(selfId, remote, via, directory);
    }

    @Override
    public CompletionStage<Gathered<List<NodeStats>>> stats() {
        return mesh.gather(OverviewWire.stats(), "read stats", local::statsHere, OverviewWire::readStats);
    }

    @Override
    public CompletionStage<Gathered<List<ScriptError>>> scriptErrors() {
        return mesh.gather(OverviewWire.errors(), "read script errors", local::errorsHere, OverviewWire::readErrors)
                .thenApply(g -> {
                    List<ScriptError> all = new ArrayList<>();
                    g.value().forEach(all::addAll);
                    all.sort(Comparator.comparingLong(ScriptError::at).reversed());
                    return new Gathered<>(List.copyOf(all), g.missing());
                });
    }
}
