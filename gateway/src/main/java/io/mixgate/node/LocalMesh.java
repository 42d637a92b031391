package io.mixgate.node;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import io.mixgate.broker.Broker;
import io.mixgate.session.Session;
import io.mixgate.session.SessionRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The node's {@link MeshOperations}, shared by the back-office API and {@code mix.mesh.*}:
 * publish goes through the broker; send and {@code conn.call} reach a connection of this node.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class LocalMesh implements MeshOperations {
    private final Broker broker;
    private final SessionRegistry registry;
    private final ConnCalls calls;
    private final Supplier<String> scriptStalls;

    /**
     * @param scriptStalls why the node should get no new clients (draining, or the script lanes
     *                     are stalled: see {@code ScriptStallWatch}), or null when it should;
     *                     asked on every health check, must not block
     */
    public LocalMesh(Broker broker, SessionRegistry registry, ConnCalls calls, Supplier<String> scriptStalls) {
        this.broker = broker;
        this.registry = registry;
        this.calls = calls;
        this.scriptStalls = scriptStalls;
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        return broker.publish(channel, data, type);
    }

    @Override
    public CompletionStage<SendOutcome> send(long clientId, byte[] data, MessageType type) {
        return CompletableFuture.completedFuture(sendHere(clientId, data, type));
    }

    @Override
    public CompletionStage<CallOutcome> call(long clientId, ConnCall call) {
        return CompletableFuture.completedFuture(calls.callHere(clientId, call));
    }

    /** Sends to a connection of this node, at once. */
    public SendOutcome sendHere(long clientId, byte[] data, MessageType type) {
        return sendHere(registry, clientId, data, type);
    }

    /** Sends to a connection in {@code registry}, at once. */
    static SendOutcome sendHere(SessionRegistry registry, long clientId, byte[] data, MessageType type) {
        Session session = registry.find(clientId);
        if (session == null) {
            return SendOutcome.UNKNOWN_CLIENT;
        }
        return session.send(data, type) ? SendOutcome.SENT : SendOutcome.FAILED;
    }

    @Override
    public NodeHealth health() {
        // "ready for new clients" (draining, stalled lanes) and "mesh link up" are separate: a
        // node whose broker is down still serves its own clients, so it stays in rotation
        String notReady = scriptStalls.get();
        NodeHealth health = notReady == null ? new NodeHealth(true, registry.size(), "ok")
                : new NodeHealth(false, registry.size(), notReady);
        return broker.isHealthy() ? health : health.meshDown("broker unavailable");
    }
}
