package io.mixgate.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.mixgate.queue.TopicLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code mixgate_queue_depth{topic}} (items waiting per topic: in memory exactly, in Redis each
 * stream's length) and {@code mixgate_queue_consumers{topic}} (this node's consumers), read when
 * {@code /metrics} is scraped, never in between: at most one read in flight, and a scrape waits
 * for it at most {@code wait}, else shows the previous read's values (the next scrape gets the
 * fresh ones). Topics that no longer hold items or consumers disappear.
 *
 * <p>Thread-safe.
 */
final class QueueMetrics {
    private final Supplier<CompletionStage<Map<String, TopicLoad>>> loads;
    private final Duration wait;
    private final MultiGauge depth;
    private final MultiGauge consumers;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile CompletableFuture<Void> current = CompletableFuture.completedFuture(null);

    QueueMetrics(MeterRegistry registry, Supplier<CompletionStage<Map<String, TopicLoad>>> loads, Duration wait) {
        this.loads = loads;
        this.wait = wait;
        this.depth = MultiGauge.builder("mixgate.queue.depth")
                .description("items waiting in a queue topic (Redis: the stream's length)").register(registry);
        this.consumers = MultiGauge.builder("mixgate.queue.consumers")
                .description("this node's queue.pop consumers of a topic").register(registry);
    }

    /** Reads the topics (unless a read is in flight) and waits for it at most {@code wait}. */
    void refresh() {
        if (reading.compareAndSet(false, true)) {
            CompletionStage<Map<String, TopicLoad>> read;
            try {
                read = loads.get();
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
            current = read.toCompletableFuture().handle((map, failure) -> {
                if (map != null) {
                    publish(map);
                }
                reading.set(false);
                return null;
            });
        }
        try {
            current.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the previous values stay; the read goes on and the next scrape shows it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(Map<String, TopicLoad> map) {
        List<MultiGauge.Row<?>> depths = new ArrayList<>();
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        map.forEach((topic, load) -> {
            Tags tags = Tags.of("topic", topic);
            if (load.depth() >= 0) {
                depths.add(MultiGauge.Row.of(tags, load.depth()));
            }
            counts.add(MultiGauge.Row.of(tags, load.consumers()));
        });
        depth.register(depths, true);
        consumers.register(counts, true);
    }
}
