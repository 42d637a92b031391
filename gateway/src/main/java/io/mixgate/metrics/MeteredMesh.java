package io.mixgate.metrics;

import io.micrometer.core.instrument.Timer;
import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToIntFunction;

/**
 * The API's view of the mesh, timed: how long each publish and send took until the node
 * answered, as CONNMIX's {@code connmix_engine_servers_send_duration_seconds}, with
 * {@code scenario="local"} for what this node handles alone (a publish on a single node, a send to
 * one of its own clients) and {@code "forward"} for what goes through Redis. The timers are built
 * once; a call costs two clock reads and one timer record.
 *
 * <p>Thread-safe, as the mesh it wraps; never blocks.
 */
public final class MeteredMesh implements MeshOperations {
    private final MeshOperations mesh;
    private final int selfId;
    private final LongToIntFunction nodeOfClient;
    private final Timer publish;
    private final Timer sendLocal;
    private final Timer sendForward;

    /**
     * @param inMesh       whether publishes go through Redis (forward) or stay on this node (local)
     * @param selfId       this node's id
     * @param nodeOfClient the node a client id belongs to
     */
    public MeteredMesh(MeshOperations mesh, NodeMetrics metrics, boolean inMesh, int selfId, LongToIntFunction nodeOfClient) {
        this.mesh = mesh;
        this.selfId = selfId;
        this.nodeOfClient = nodeOfClient;
        this.publish = metrics.sendDuration(inMesh ? "forward" : "local", "publish");
        this.sendLocal = metrics.sendDuration("local", "send");
        this.sendForward = metrics.sendDuration("forward", "send");
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        long start = System.nanoTime();
        return timed(publish, start, mesh.publish(channel, data, type));
    }

    @Override
    public CompletionStage<SendOutcome> send(long clientId, byte[] data, MessageType type) {
        long start = System.nanoTime();
        Timer timer = nodeOfClient.applyAsInt(clientId) == selfId ? sendLocal : sendForward;
        return timed(timer, start, mesh.send(clientId, data, type));
    }

    @Override
    public CompletionStage<CallOutcome> call(long clientId, ConnCall call) {
        return mesh.call(clientId, call);
    }

    @Override
    public NodeHealth health() {
        return mesh.health();
    }

    private static <T> CompletionStage<T> timed(Timer timer, long start, CompletionStage<T> stage) {
        // the stage the API sees completes after the time is recorded, so a scrape right after
        // the reply counts it
        return stage.whenComplete((r, e) -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }
}
