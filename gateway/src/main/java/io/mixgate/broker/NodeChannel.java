package io.mixgate.broker;

import java.util.concurrent.CompletionStage;

/**
 * Point-to-point messages between nodes of the mesh, over each node's own channel.
 *
 * <p>Thread safety: implementations may be called from any thread and never block.
 */
public interface NodeChannel {

    /**
     * Publishes {@code payload} to node {@code nodeId}'s channel.
     *
     * @return completes with the number of subscribers that got it: 0 means no node with that
     *         id is listening (it is gone); exceptionally with {@link BrokerUnavailableException}
     */
    CompletionStage<Long> publishToNode(int nodeId, byte[] payload);
}
