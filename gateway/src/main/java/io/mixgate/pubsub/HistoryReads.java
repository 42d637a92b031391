package io.mixgate.pubsub;

import io.mixgate.core.StreamPosition;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads a mesh's history store, counted: asynchronously for catch-ups, or waiting at most
 * {@code redis.commandTimeout} for a subscribe or {@code mix.history}.
 *
 * <p>Thread-safe.
 */
final class HistoryReads {
    private final HistoryStore store;
    private final Duration timeout;
    private final LongAdder reads;

    HistoryReads(HistoryStore store, Duration timeout, LongAdder reads) {
        this.store = store;
        this.timeout = timeout;
        this.reads = reads;
    }

    CompletionStage<HistoryPage> start(String channel, HistoryRules.Rule rule, StreamPosition since, int limit) {
        reads.increment();
        return store.read(channel, rule, since, Math.min(limit, rule.size()));
    }

    /**
     * Blocks the calling (virtual) thread until Redis answers.
     *
     * @throws HistoryUnavailableException Redis failed or did not answer in time; the message names the channel
     */
    HistoryPage now(String channel, HistoryRules.Rule rule, StreamPosition since, int limit) {
        try {
            return start(channel, rule, since, limit).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HistoryUnavailableException("history of " + channel + " unavailable: redis did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HistoryUnavailableException("history of " + channel + " unavailable: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryUnavailableException("history of " + channel + " unavailable: interrupted");
        }
    }
}
