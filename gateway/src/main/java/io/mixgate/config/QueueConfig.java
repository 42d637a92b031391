package io.mixgate.config;

import java.time.Duration;

/**
 * The queues behind {@code mix.queue.push} and the API's {@code queue.pop} ({@code queue:} in the
 * YAML), CONNMIX's {@code engine.luavm.queue}. On a single node the queues live in memory; in a
 * Redis mesh they are Redis streams shared by every node, and the same bounds hold mesh-wide.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param topicSize  most items one topic holds (waiting or handed out and not yet written),
 *                   {@code 1..1000000}, default 2000; a push to a full topic is refused
 * @param maxTopics  most topics holding items at once, {@code 1..100000}, default 100; a push
 *                   that would add one more is refused
 * @param claimAfter mesh only: an item handed to a node that has not written it to a consumer
 *                   after this long (the node died) is taken over by another node,
 *                   {@code 100ms..1h}, default 10s
 */
public record QueueConfig(int topicSize, int maxTopics, Duration claimAfter) {

    /** Validates every value. */
    public QueueConfig {
        Require.range("topicSize", topicSize, 1, 1_000_000);
        Require.range("maxTopics", maxTopics, 1, 100_000);
        Require.positive("claimAfter", claimAfter);
        if (claimAfter.compareTo(Duration.ofMillis(100)) < 0 || claimAfter.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidValueException("claimAfter", Require.show(claimAfter), "100ms..1h");
        }
    }

    /** The defaults: CONNMIX's 2000 items per topic and 100 topics; take over after 10 s. */
    public static QueueConfig defaults() {
        return new QueueConfig(2000, 100, Duration.ofSeconds(10));
    }
}
