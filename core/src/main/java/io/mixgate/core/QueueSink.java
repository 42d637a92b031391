package io.mixgate.core;

import java.util.concurrent.CompletionStage;

/**
 * Where a queue consumer's items go: one back-office API connection that called
 * {@code queue.pop}. The API implements it; the queues never see a socket.
 *
 * <p>Thread safety: {@link #deliver} may be called from any thread and must not block.
 */
public interface QueueSink {

    /**
     * Writes the {@code queue.pop} event for {@code item} to the consumer.
     *
     * @return completes normally once the event is written to the consumer's connection, and
     *         exceptionally when it could not be (the connection is closed or closing): the queue
     *         then hands the item to another consumer
     */
    CompletionStage<Void> deliver(QueueItem item);
}
