package io.mixgate.node;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import io.mixgate.broker.RedisBroker;
import io.mixgate.session.ClientIdGenerator;
import java.util.concurrent.CompletionStage;

/**
 * The node's {@link MeshOperations} in a Redis mesh: publish goes through the {@link RedisBroker}
 * to every node; send and {@code conn.call} go straight to a local connection when the client id
 * names this node, and through {@link NodeRequests} to the owning node otherwise.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class RedisMesh implements MeshOperations {
    private final int selfId;
    private final RedisBroker broker;
    private final LocalMesh local;
    private final NodeRequests remote;

    public RedisMesh(int selfId, RedisBroker broker, LocalMesh local, NodeRequests remote) {
        this.selfId = selfId;
        this.broker = broker;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        return broker.publish(channel, data, type);
    }

    @Override
    public CompletionStage<SendOutcome> send(long clientId, byte[] data, MessageType type) {
        int owner = ClientIdGenerator.nodeOf(clientId);
        if (owner == selfId) {
            return local.send(clientId, data, type);
        }
        return remote.send(broker, owner, clientId, data, type);
    }

    @Override
    public CompletionStage<CallOutcome> call(long clientId, ConnCall call) {
        int owner = ClientIdGenerator.nodeOf(clientId);
        if (owner == selfId) {
            return local.call(clientId, call);
        }
        return remote.call(broker, owner, clientId, call);
    }

    @Override
    public NodeHealth health() {
        NodeHealth here = local.health();
        return broker.isHealthy() ? here : here.meshDown(broker.healthDetail());
    }
}
