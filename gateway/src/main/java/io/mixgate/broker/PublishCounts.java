package io.mixgate.broker;

import io.mixgate.core.PublishResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher's side of exact mesh-wide counts: each counted publish waits here for the
 * delivery counts of the nodes that received it.
 *
 * <p>Redis's PUBLISH reply says how many nodes received the message ({@link #expect}); each of
 * them reports its connection counts ({@link #report}), possibly before the PUBLISH reply
 * arrives. The publish completes when every node reported, or {@code wait} after the PUBLISH
 * reply with {@code unconfirmed} = the nodes that did not report: a bounded wait, never a hang.
 * A subscriber of the Redis channel that is not a mixgate node (a {@code redis-cli SUBSCRIBE})
 * never reports, so it shows as unconfirmed.
 *
 * <p>Thread safety: thread-safe; nothing blocks; the timeouts run on the given timer.
 */
final class PublishCounts {
    private final Duration wait;
    private final ScheduledExecutorService timer;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    PublishCounts(Duration wait, ScheduledExecutorService timer) {
        this.wait = wait;
        this.timer = timer;
    }

    /** One publish waiting for its counts; its id travels with the message. */
    final class Pending {
        private final long id;
        private final CompletableFuture<PublishResult> result = new CompletableFuture<>();
        private long delivered;
        private long failed;
        private long reports;
        private long expected = -1;
        private ScheduledFuture<?> expiry;

        private Pending(long id) {
            this.id = id;
        }

        long id() {
            return id;
        }

        CompletionStage<PublishResult> result() {
            return result;
        }

        private synchronized void add(PublishResult counts) {
            delivered += counts.delivered();
            failed += counts.failed();
            reports++;
            completeIfAllReported();
        }

        private synchronized void expect(long nodes) {
            expected = nodes;
            if (!completeIfAllReported()) {
                expiry = timer.schedule(this::expire, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void expire() {
            finish(new PublishResult(delivered, failed, Math.max(0, expected - reports)));
        }

        private boolean completeIfAllReported() {
            if (expected >= 0 && reports >= expected) {
                finish(new PublishResult(delivered, failed, 0));
                return true;
            }
            return false;
        }

        private void finish(PublishResult counts) {
            pending.remove(id);
            if (expiry != null) {
                expiry.cancel(false);
            }
            result.complete(counts);
        }

        private void fail(Throwable failure) {
            pending.remove(id);
            result.completeExceptionally(failure);
        }
    }

    /** Opens a publish; call {@link #expect} or {@link #fail} once PUBLISH is answered. */
    Pending open() {
        Pending p = new Pending(ids.incrementAndGet());
        pending.put(p.id, p);
        return p;
    }

    /** Redis says {@code nodes} nodes received the publish. */
    void expect(Pending p, long nodes) {
        p.expect(nodes);
    }

    /** PUBLISH failed: the publish fails with {@code failure}. */
    void fail(Pending p, Throwable failure) {
        p.fail(failure);
    }

    /** A node's counts for publish {@code id}; a late or unknown id is ignored. */
    void report(long id, PublishResult counts) {
        Pending p = pending.get(id);
        if (p != null) {
            p.add(counts);
        }
    }

    /** Publishes still waiting for counts. */
    int pendingCount() {
        return pending.size();
    }
}
