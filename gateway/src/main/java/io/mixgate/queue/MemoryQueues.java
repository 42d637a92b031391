package io.mixgate.queue;

import io.mixgate.config.QueueConfig;
import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A single node's queues, in memory as CONNMIX's: at most {@code queue.topicSize} items per topic
 * and {@code queue.maxTopics} topics holding items; a push beyond either is refused, never an
 * older item dropped. Items wait while nobody pops their topic.
 *
 * <p>Delivery: each item is written to exactly one consumer, at most once, in push order per
 * topic (see {@link ConsumerPool}); an item whose write fails goes back to the head of its topic
 * for another consumer. Items are gone when the node stops.
 *
 * <p>Thread-safe; never blocks.
 */
public final class MemoryQueues implements NodeQueues {
    private static final ConsumerPool.Listener NO_SOURCE = new ConsumerPool.Listener() {
        @Override
        public void written(ConsumerPool.Handed handed) {
        }

        @Override
        public void stranded(String topic, List<ConsumerPool.Handed> items) {
            throw new IllegalStateException("memory queues keep items without consumers");
        }

        @Override
        public void changed() {
        }
    };

    private final QueueConfig config;
    private final ConsumerPool pool = new ConsumerPool(true, NO_SOURCE);

    public MemoryQueues(QueueConfig config) {
        this.config = config;
    }

    @Override
    public CompletionStage<Long> push(QueueItem item) {
        String problem = TopicNames.problem(item.topic());
        if (problem != null) {
            return CompletableFuture.failedFuture(new QueueRefusedException(problem));
        }
        try {
            return CompletableFuture.completedFuture(
                    pool.offer(new ConsumerPool.Handed(item, null), config.topicSize(), config.maxTopics()));
        } catch (QueueRefusedException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public QueueConsumer consumer(QueueSink sink) {
        return pool.consumer(sink);
    }

    @Override
    public CompletionStage<java.util.Map<String, TopicLoad>> loads() {
        return CompletableFuture.completedFuture(pool.loads());
    }

    /** Items of {@code topic} waiting or being written. */
    public long backlog(String topic) {
        return pool.backlog(topic);
    }

    @Override
    public void close() {
        pool.close();
    }
}
