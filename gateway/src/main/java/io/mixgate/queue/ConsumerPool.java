package io.mixgate.queue;

import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueException;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's competing consumers and the items waiting for them, topic by topic. Each item goes
 * to exactly one consumer; a consumer has at most one item in flight, and an item goes to the
 * next idle consumer of its topic, round robin among them ("first idle"). Topics waiting for the
 * same consumer take turns. Items of a topic are handed out in the order they arrived; an item
 * whose write failed goes back to the head of its topic and the consumer that failed gets
 * nothing more (its connection is gone; the API closes it).
 *
 * <p>Thread-safe: the state is under one lock; sinks and the {@link Listener} are called outside
 * it, by whichever thread drains (a pusher, a reader, or the thread completing a write), never
 * recursively and never while blocking.
 */
final class ConsumerPool {
    private static final Logger log = LoggerFactory.getLogger(ConsumerPool.class);

    /** The most topics one consumer may pop. */
    static final int MAX_POPPED_TOPICS = 1000;

    /** An item with the id its source knows it by: a stream entry id in Redis, null in memory. */
    record Handed(QueueItem item, String id) {
    }

    /** What the source of the items hears; called outside the pool's lock, must not block. */
    interface Listener {
        /** {@code handed}'s event was written to a consumer. */
        void written(Handed handed);

        /** The last healthy consumer of {@code topic} left with {@code items} waiting (only when items are not kept). */
        void stranded(String topic, List<Handed> items);

        /** Consumers came, went or became idle: the source may fetch more. */
        void changed();
    }

    private record Assignment(Topic topic, PoolConsumer consumer, Handed handed) {
    }

    private static final class Topic {
        final String name;
        final ArrayDeque<Handed> waiting = new ArrayDeque<>();
        final List<PoolConsumer> consumers = new ArrayList<>();
        int inFlight;
        int nextConsumer;

        Topic(String name) {
            this.name = name;
        }

        long backlog() {
            return waiting.size() + inFlight;
        }

        boolean hasHealthyConsumer() {
            return consumers.stream().anyMatch(c -> !c.broken);
        }
    }

    private final Object lock = new Object();
    private final Map<String, Topic> topics = new HashMap<>();
    private final LinkedHashSet<Topic> ready = new LinkedHashSet<>();
    private final boolean keepWithoutConsumers;
    private final Listener listener;
    private final AtomicInteger drainRequests = new AtomicInteger();
    private int topicsWithBacklog;
    private boolean closed;

    /**
     * @param keepWithoutConsumers true: items wait for a consumer (memory); false: items of a
     *                             topic nobody here pops are given back through {@link Listener#stranded}
     */
    ConsumerPool(boolean keepWithoutConsumers, Listener listener) {
        this.keepWithoutConsumers = keepWithoutConsumers;
        this.listener = listener;
    }

    /**
     * Appends {@code handed} to its topic if the bounds allow it.
     *
     * @return the topic's backlog after the push
     * @throws QueueRefusedException when the topic is full, or it is empty and {@code maxTopics}
     *                               topics hold items already, or the pool is closed
     */
    long offer(Handed handed, int topicSize, int maxTopics) {
        String name = handed.item().topic();
        long backlog;
        synchronized (lock) {
            if (closed) {
                throw new QueueRefusedException("the queues are closed");
            }
            Topic topic = topics.get(name);
            long before = topic == null ? 0 : topic.backlog();
            if (before >= topicSize) {
                throw new QueueRefusedException("topic " + name + " is full: " + before + " items (queue.topicSize)");
            }
            if (before == 0 && topicsWithBacklog >= maxTopics) {
                throw new QueueRefusedException("too many topics: " + topicsWithBacklog
                        + " topics hold items (queue.maxTopics)");
            }
            if (topic == null) {
                topic = new Topic(name);
                topics.put(name, topic);
            }
            if (before == 0) {
                topicsWithBacklog++;
            }
            topic.waiting.addLast(handed);
            ready.add(topic);
            backlog = topic.backlog();
        }
        drain();
        return backlog;
    }

    /** Appends items fetched for {@code name}; gives them back at once if nobody here pops it. */
    void add(String name, List<Handed> items) {
        if (items.isEmpty()) {
            return;
        }
        boolean strand;
        synchronized (lock) {
            Topic topic = topics.get(name);
            strand = closed || topic == null || !keepWithoutConsumers && !topic.hasHealthyConsumer();
            if (!strand) {
                if (topic.backlog() == 0) {
                    topicsWithBacklog++;
                }
                topic.waiting.addAll(items);
                ready.add(topic);
            }
        }
        if (strand) {
            listener.stranded(name, items);
        } else {
            drain();
        }
    }

    /**
     * The topics to fetch for: nothing waiting here and an idle consumer, each with its number of
     * idle consumers. Fetching only for idle consumers keeps items where any node's idle consumer
     * can get them, instead of waiting here behind a busy one.
     */
    Map<String, Integer> wanted() {
        Map<String, Integer> wanted = new HashMap<>();
        synchronized (lock) {
            if (closed) {
                return wanted;
            }
            for (Topic topic : topics.values()) {
                int idle = (int) topic.consumers.stream().filter(c -> !c.broken && !c.busy).count();
                if (idle > 0 && topic.waiting.isEmpty()) {
                    wanted.put(topic.name, idle);
                }
            }
        }
        return wanted;
    }

    /** Items waiting or in flight in {@code name}. */
    long backlog(String name) {
        synchronized (lock) {
            Topic topic = topics.get(name);
            return topic == null ? 0 : topic.backlog();
        }
    }

    /** Each topic known here: items waiting or in flight, and this node's consumers of it. */
    Map<String, TopicLoad> loads() {
        synchronized (lock) {
            Map<String, TopicLoad> out = new HashMap<>();
            topics.forEach((name, topic) -> out.put(name, new TopicLoad(topic.backlog(), topic.consumers.size())));
            return out;
        }
    }

    QueueConsumer consumer(QueueSink sink) {
        return new PoolConsumer(sink);
    }

    /** Hands out nothing more; writes in flight still complete. */
    void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    /** Runs assignment rounds until no thread asked for one meanwhile; only one thread runs them at a time. */
    private void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            List<Assignment> batch;
            synchronized (lock) {
                batch = assign();
            }
            for (Assignment a : batch) {
                start(a);
            }
            missed = drainRequests.addAndGet(-missed);
        } while (missed != 0);
    }

    private List<Assignment> assign() {
        List<Assignment> batch = new ArrayList<>();
        if (closed) {
            return batch;
        }
        for (Topic topic : new ArrayList<>(ready)) {
            boolean served = false;
            while (!topic.waiting.isEmpty()) {
                PoolConsumer consumer = nextIdle(topic);
                if (consumer == null) {
                    break;
                }
                consumer.busy = true;
                topic.inFlight++;
                batch.add(new Assignment(topic, consumer, topic.waiting.pollFirst()));
                served = true;
            }
            if (topic.waiting.isEmpty()) {
                ready.remove(topic);
            } else if (served) {
                ready.remove(topic);
                ready.add(topic); // to the back: the next round serves the topics that waited first
            }
        }
        return batch;
    }

    private PoolConsumer nextIdle(Topic topic) {
        int n = topic.consumers.size();
        for (int i = 0; i < n; i++) {
            int index = (topic.nextConsumer + i) % n;
            PoolConsumer c = topic.consumers.get(index);
            if (!c.busy && !c.broken) {
                topic.nextConsumer = (index + 1) % n;
                return c;
            }
        }
        return null;
    }

    private void start(Assignment a) {
        CompletionStage<Void> written;
        try {
            written = a.consumer.sink.deliver(a.handed.item());
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ok, failure) -> finished(a, failure));
    }

    private void finished(Assignment a, Throwable failure) {
        Topic topic = a.topic;
        List<Handed> stranded = null;
        synchronized (lock) {
            topic.inFlight--;
            a.consumer.busy = false;
            if (failure != null) {
                a.consumer.broken = true;
                topic.waiting.addFirst(a.handed);
                ready.add(topic);
                if (!keepWithoutConsumers && !topic.hasHealthyConsumer()) {
                    stranded = takeWaiting(topic);
                }
            } else if (topic.backlog() == 0) {
                topicsWithBacklog--;
            }
            forgetIfUnused(topic);
        }
        if (failure == null) {
            listener.written(a.handed);
        } else {
            log.debug("queue item of topic {} not written to a consumer, handed on: {}", topic.name, failure.toString());
        }
        if (stranded != null) {
            listener.stranded(topic.name, stranded);
        }
        listener.changed();
        drain();
    }

    private List<Handed> takeWaiting(Topic topic) {
        List<Handed> items = new ArrayList<>(topic.waiting);
        boolean hadBacklog = topic.backlog() > 0;
        topic.waiting.clear();
        ready.remove(topic);
        if (hadBacklog && topic.backlog() == 0) {
            topicsWithBacklog--;
        }
        return items;
    }

    private void forgetIfUnused(Topic topic) {
        if (topic.backlog() == 0 && topic.consumers.isEmpty()) {
            topics.remove(topic.name);
            ready.remove(topic);
        }
    }

    /** One consumer; its state is guarded by the pool's lock. */
    private final class PoolConsumer implements QueueConsumer {
        final QueueSink sink;
        final LinkedHashSet<String> popped = new LinkedHashSet<>();
        boolean busy;
        boolean broken;
        boolean consumerClosed;

        PoolConsumer(QueueSink sink) {
            this.sink = sink;
        }

        @Override
        public void pop(List<String> names) {
            if (names.isEmpty()) {
                throw new QueueException(QueueException.Kind.CONSUME_FAILED, "no topic given");
            }
            for (String name : names) {
                String problem = TopicNames.problem(name);
                if (problem != null) {
                    throw new QueueException(QueueException.Kind.CONSUME_FAILED, problem);
                }
            }
            LinkedHashSet<String> adding = new LinkedHashSet<>(names);
            synchronized (lock) {
                if (consumerClosed || closed) {
                    throw new QueueException(QueueException.Kind.CONSUME_FAILED, "the consumer is closed");
                }
                for (String name : adding) {
                    if (popped.contains(name)) {
                        throw new QueueException(QueueException.Kind.DUPLICATE_CONSUME, "topic " + name + " is popped already");
                    }
                }
                if (popped.size() + adding.size() > MAX_POPPED_TOPICS) {
                    throw new QueueException(QueueException.Kind.CONSUME_FAILED,
                            "a consumer may pop at most " + MAX_POPPED_TOPICS + " topics");
                }
                for (String name : adding) {
                    topics.computeIfAbsent(name, Topic::new).consumers.add(this);
                    popped.add(name);
                }
            }
            listener.changed();
            drain();
        }

        @Override
        public void unpop() {
            Map<String, List<Handed>> stranded = new HashMap<>();
            synchronized (lock) {
                for (String name : popped) {
                    Topic topic = topics.get(name);
                    topic.consumers.remove(this);
                    topic.nextConsumer = 0;
                    if (!keepWithoutConsumers && !topic.waiting.isEmpty() && !topic.hasHealthyConsumer()) {
                        stranded.put(name, takeWaiting(topic));
                    }
                    forgetIfUnused(topic);
                }
                popped.clear();
            }
            stranded.forEach(listener::stranded);
            listener.changed();
        }

        @Override
        public void close() {
            synchronized (lock) {
                consumerClosed = true;
            }
            unpop();
        }
    }
}
