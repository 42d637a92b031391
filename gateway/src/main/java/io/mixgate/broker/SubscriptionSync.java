package io.mixgate.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's Redis subscriptions equal to the channels it wants, in batches.
 *
 * <p>Callers only say that a channel <em>changed</em>; the sync later compares what is wanted
 * now ({@code wanted}) with what it last subscribed, so first/last-subscriber calls that arrive
 * out of order or in a storm (thousands of clients reconnecting) collapse into a few SUBSCRIBE
 * and UNSUBSCRIBE commands of up to {@value #BATCH} channels each. One round of commands is in
 * flight at a time: changes arriving meanwhile wait for it to be answered and then leave together,
 * so the number of commands in a storm follows Redis's round trips, not how often this thread
 * happens to be scheduled. A failed batch is retried
 * after {@code retryDelay}; {@link #resubscribeAll()} subscribes everything again after a
 * reconnect.
 *
 * <p>Thread safety: {@link #changed} and {@link #resubscribeAll} may be called from any thread
 * and never block; all bookkeeping runs on the single-threaded {@code executor}.
 */
final class SubscriptionSync {
    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(SubscriptionSync.class);

    private final RedisLink link;
    private final Predicate<String> wanted;
    private final Supplier<Collection<String>> allWanted;
    private final ScheduledExecutorService executor;
    private final Duration retryDelay;
    private final java.util.function.Consumer<List<String>> acknowledged;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** What Redis was last asked to keep; touched only on the executor. */
    private final Set<String> subscribed = new HashSet<>();
    /** Commands sent and not yet answered; touched only on the executor. */
    private int inFlight;

    SubscriptionSync(RedisLink link, Predicate<String> wanted, Supplier<Collection<String>> allWanted,
                     ScheduledExecutorService executor, Duration retryDelay) {
        this(link, wanted, allWanted, executor, retryDelay, channels -> { });
    }

    /** @param acknowledged hears every batch Redis acknowledged, on the executor; must not block */
    SubscriptionSync(RedisLink link, Predicate<String> wanted, Supplier<Collection<String>> allWanted,
                     ScheduledExecutorService executor, Duration retryDelay,
                     java.util.function.Consumer<List<String>> acknowledged) {
        this.acknowledged = acknowledged;
        this.link = link;
        this.wanted = wanted;
        this.allWanted = allWanted;
        this.executor = executor;
        this.retryDelay = retryDelay;
    }

    /** {@code channel}'s wanted state may have changed. */
    void changed(String channel) {
        pending.add(channel);
        queueFlush(0);
    }

    /** Subscribes every wanted channel again, as after Redis lost the link's subscriptions. */
    void resubscribeAll() {
        executor.execute(() -> {
            subscribed.clear();
            pending.addAll(allWanted.get());
            queueFlush(0);
        });
    }

    /** A subscription Redis dropped by itself: forget it and subscribe again if still wanted. */
    void lost(String channel) {
        executor.execute(() -> {
            subscribed.remove(channel);
            changed(channel);
        });
    }

    private void queueFlush(long delayMillis) {
        if (flushQueued.compareAndSet(false, true)) {
            executor.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        flushQueued.set(false);
        if (inFlight > 0) {
            return; // answered() flushes what gathered meanwhile
        }
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        for (String channel : List.copyOf(pending)) {
            pending.remove(channel);
            boolean want = wanted.test(channel);
            if (want && subscribed.add(channel)) {
                subscribe.add(channel);
            } else if (!want && subscribed.remove(channel)) {
                unsubscribe.add(channel);
            }
        }
        for (int i = 0; i < subscribe.size(); i += BATCH) {
            List<String> batch = subscribe.subList(i, Math.min(subscribe.size(), i + BATCH));
            inFlight++;
            sent(() -> link.subscribe(batch)).whenComplete((ok, failure) -> executor.execute(() -> {
                if (failure != null) {
                    retry(batch, failure);
                } else {
                    try {
                        acknowledged.accept(batch);
                    } catch (RuntimeException e) {
                        log.warn("after a subscribe was acknowledged", e);
                    }
                }
                answered();
            }));
        }
        for (int i = 0; i < unsubscribe.size(); i += BATCH) {
            List<String> batch = unsubscribe.subList(i, Math.min(unsubscribe.size(), i + BATCH));
            // A failed unsubscribe leaves extra traffic, not lost messages: deliveries find no subscriber.
            inFlight++;
            sent(() -> link.unsubscribe(batch)).whenComplete((ok, failure) -> executor.execute(() -> {
                if (failure != null) {
                    log.debug("unsubscribing {} channels failed: {}", batch.size(), failure.toString());
                }
                answered();
            }));
        }
    }

    /** The command's stage; a link that throws instead of failing the stage counts as a failed command. */
    private static CompletionStage<Void> sent(Supplier<CompletionStage<Void>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void answered() {
        inFlight--;
        if (inFlight == 0 && !pending.isEmpty()) {
            queueFlush(0);
        }
    }

    private void retry(List<String> batch, Throwable failure) {
        log.debug("subscribing {} channels failed, retrying in {}: {}", batch.size(), retryDelay, failure.toString());
        subscribed.removeAll(batch);
        pending.addAll(batch);
        queueFlush(retryDelay.toMillis());
    }
}
