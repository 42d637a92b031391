package io.mixgate.api;

import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueException;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueOperations;
import io.mixgate.core.QueueSink;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small in-memory {@link QueueOperations} for testing {@code /ws/v1} alone: records its consumers,
 * refuses a duplicate pop (202) and the topic {@code "broken"} (201), and hands a pushed item to
 * the first consumer that pops its topic.
 */
final class MemoryQueues implements QueueOperations {

    final List<Consumer> consumers = new CopyOnWriteArrayList<>();

    @Override
    public QueueConsumer consumer(QueueSink sink) {
        Consumer consumer = new Consumer(sink);
        consumers.add(consumer);
        return consumer;
    }

    /** Hands {@code item} to the first open consumer popping its topic; the stage says whether it was written. */
    CompletionStage<Void> push(QueueItem item) {
        for (Consumer consumer : consumers) {
            if (!consumer.closed.isDone() && consumer.topics.contains(item.topic())) {
                return consumer.sink.deliver(item);
            }
        }
        throw new AssertionError("nobody pops topic " + item.topic());
    }

    static final class Consumer implements QueueConsumer {
        final QueueSink sink;
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        /** Completes when the API closes this consumer. */
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        Consumer(QueueSink sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void pop(List<String> wanted) {
            if (wanted.contains("broken")) {
                throw new QueueException(QueueException.Kind.CONSUME_FAILED, "topic \"broken\" cannot be consumed");
            }
            for (String topic : wanted) {
                if (topics.contains(topic)) {
                    throw new QueueException(QueueException.Kind.DUPLICATE_CONSUME, "topic \"" + topic + "\" is popped already");
                }
            }
            topics.addAll(wanted);
        }

        @Override
        public void unpop() {
            topics.clear();
        }

        @Override
        public void close() {
            closed.complete(null);
            topics.clear();
        }
    }
}
