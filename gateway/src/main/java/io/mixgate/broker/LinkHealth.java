package io.mixgate.broker;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a {@link RedisLink}: PINGs its pub/sub connections every {@code pingInterval}, and
 * calls it healthy while it is connected and answered a ping within {@code staleAfter}. So a
 * dropped connection turns red at once and a stalled one (a frozen Redis, a black-holed
 * network) within {@code staleAfter} plus one interval. Each transition is logged once, and a
 * recovery runs {@code onRecovered} (the broker resubscribes everything).
 *
 * <p>Thread safety: {@link #isHealthy()} may be called from any thread and never blocks;
 * pings run on the given timer. Whichever thread first sees a transition logs it.
 */
final class LinkHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkHealth.class);

    private final RedisLink link;
    private final long staleAfterNanos;
    private final LongSupplier nanoClock;
    private final Runnable onRecovered;
    private final ScheduledFuture<?> task;
    private volatile long lastPong;
    /** The state last logged, so that each transition is logged (and acted on) exactly once. */
    private final AtomicBoolean reportedHealthy = new AtomicBoolean(true);

    LinkHealth(RedisLink link, Duration pingInterval, Duration staleAfter, ScheduledExecutorService timer,
               LongSupplier nanoClock, Runnable onRecovered) {
        this.link = link;
        this.staleAfterNanos = staleAfter.toNanos();
        this.nanoClock = nanoClock;
        this.onRecovered = onRecovered;
        this.lastPong = nanoClock.getAsLong();
        long every = pingInterval.toMillis();
        this.task = timer.scheduleAtFixedRate(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether the link works now; also notices (and logs) a transition between timer ticks. */
    boolean isHealthy() {
        return observe(problem() == null);
    }

    /** Why the link is unhealthy, or {@code "ok"}. */
    String detail() {
        String problem = problem();
        return problem == null ? "ok" : problem;
    }

    private String problem() {
        if (!link.isOpen()) {
            return "redis " + link.kind() + " link is down";
        }
        long silent = nanoClock.getAsLong() - lastPong;
        return silent > staleAfterNanos
                ? "redis " + link.kind() + " pub/sub link answered no ping for " + silent / 1_000_000 + " ms" : null;
    }

    private boolean observe(boolean healthy) {
        if (reportedHealthy.compareAndSet(!healthy, healthy)) {
            if (healthy) {
                log.info("redis {} link recovered: resubscribing and serving the mesh again", link.kind());
                onRecovered.run();
            } else {
                log.warn("redis unavailable ({}): publish and send answer errors until it recovers", detail());
            }
        }
        return healthy;
    }

    private void check() {
        if (link.isOpen()) {
            long sent = nanoClock.getAsLong();
            link.ping().whenComplete((ok, failure) -> {
                if (failure == null) {
                    lastPong = Math.max(lastPong, sent);
                }
            });
        }
        isHealthy();
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
