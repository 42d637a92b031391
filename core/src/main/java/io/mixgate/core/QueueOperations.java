package io.mixgate.core;

/**
 * The queues as the back-office API sees them: consumers that pop topics. Scripts push with
 * {@code mix.queue.push}; the node decides where items live (in memory on a single node, in
 * Redis in a mesh) and documents its delivery guarantee.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
public interface QueueOperations {

    /** A new consumer, popping nothing yet, whose items go to {@code sink}. */
    QueueConsumer consumer(QueueSink sink);
}
