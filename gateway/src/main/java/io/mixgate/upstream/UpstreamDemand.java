package io.mixgate.upstream;

/**
 * Which channels someone wants, as upstream feeds see it. On one node: this node's own
 * subscriptions ({@link LocalDemand}). In a mesh, the channels any node's connections are
 * subscribed to, tracked in Redis ({@link MeshDemand}): the feeds do not change.
 *
 * <p>Thread safety: thread-safe; listeners may be called from any thread, calls for one channel
 * possibly out of order, so a listener reconciles with {@link #wanted(String)}.
 */
public interface UpstreamDemand {
    /** Adds a listener told about channels gaining their first and losing their last subscriber. */
    void listen(Listener listener);

    /** Whether anyone wants {@code channel} now. */
    boolean wanted(String channel);

    /** Told about changes of demand. */
    interface Listener {
        void wanted(String channel);

        void unwanted(String channel);
    }
}
