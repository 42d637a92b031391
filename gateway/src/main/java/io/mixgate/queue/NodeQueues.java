package io.mixgate.queue;

import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueOperations;
import java.util.concurrent.CompletionStage;

/**
 * The node's queues: scripts push with {@code mix.queue.push}, back-office consumers pop through
 * {@link QueueOperations}. {@link MemoryQueues} keeps them in this node; {@link RedisQueues}
 * shares them with every node of a Redis mesh.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
public interface NodeQueues extends QueueOperations, AutoCloseable {

    /**
     * Appends {@code item} to the end of its topic.
     *
     * @return completes with the topic's backlog after the push (items waiting or handed out and
     *         not yet written); exceptionally with {@link QueueRefusedException} when the item was
     *         certainly not queued (invalid topic, full topic, too many topics, queues
     *         unreachable) and with {@link OutcomeUnknownException} when it may have been
     */
    CompletionStage<Long> push(QueueItem item);

    /**
     * Every topic holding items or popped by a consumer here, at most {@code queue.maxTopics} with
     * items: for {@code /metrics}. Bounded cost (one Redis script of {@code O(maxTopics)} in a
     * mesh); completes exceptionally when Redis does not answer within its command timeout.
     */
    CompletionStage<java.util.Map<String, TopicLoad>> loads();

    /** Stops delivering; items not yet written stay where the implementation keeps them. Idempotent. */
    @Override
    void close();
}
