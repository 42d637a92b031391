package io.mixgate.core;

import java.util.List;

/**
 * One competing consumer of the node's queues: a back-office connection's {@code queue.pop}
 * state. Each item of a topic goes to exactly one of the consumers that pop the topic.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
public interface QueueConsumer extends AutoCloseable {

    /**
     * Starts popping {@code topics} as well as the topics popped already.
     *
     * @throws QueueException {@link QueueException.Kind#DUPLICATE_CONSUME} when one of them is
     *                        popped already (nothing is added), {@link QueueException.Kind#CONSUME_FAILED}
     *                        when a topic name is invalid or the queues cannot be reached
     */
    void pop(List<String> topics);

    /** Stops popping every topic (CONNMIX's {@code queue.unpop {}}). */
    void unpop();

    /** Stops popping for good: the connection is gone. Idempotent. */
    @Override
    void close();
}
