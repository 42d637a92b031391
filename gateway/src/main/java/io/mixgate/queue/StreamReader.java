package io.mixgate.queue;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.mixgate.core.QueueItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches items from the topic streams for this node's consumers, on a thread of its own over a
 * Redis connection of its own, because {@code XREADGROUP BLOCK} holds the connection while it
 * waits. Reads only the topics that an idle consumer here pops and that have no item waiting
 * here, at most one item per idle consumer, and reads nothing while no consumer here is idle. Every
 * {@code claimEvery} (a third of {@code claimAfter}, at most 1 s) it resets the idle time of the
 * items held here and takes over ({@code XAUTOCLAIM}) items that were handed to a node and not
 * acknowledged for {@code claimAfter}: that node died, or gave them back.
 *
 * <p>Thread-safe: {@link #wake}, {@link #forget} and {@link #close} may be called from any thread.
 */
final class StreamReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);

    private final RedisClusterCommands<String, String> redis;
    private final QueueKeys keys;
    private final Consumer<String> me;
    private final ConsumerPool pool;
    private final Duration claimAfter;
    private final Duration claimEvery;
    private final Duration block;
    /** Entry id to topic of every item held here: handed to a consumer or waiting for one, not yet written. */
    private final Map<String, String> outstanding = new ConcurrentHashMap<>();
    /** Where the next XAUTOCLAIM of a topic goes on scanning its pending entries. */
    private final Map<String, String> claimCursors = new HashMap<>();
    private final Set<String> groupsMade = new HashSet<>();
    private final Unblocker unblocker;
    /** Unblocks tried for one read before giving up (it then ends by itself within the block time). */
    private static final int MAX_UNBLOCK_ATTEMPTS = 50;
    /** Counts reads, so that an unblock retried late cannot end a later read; written on the reader's thread. */
    private volatile long readSerial;
    /** The topics of the blocking read in progress; null between reads. */
    private volatile Set<String> reading;
    private volatile boolean readerIdStale = true;
    private long readerId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean changedFlag;
    private volatile boolean closed;
    private Thread thread;

    /**
     * Ends a blocking read early ({@code CLIENT UNBLOCK} from another connection) when a consumer
     * here becomes idle on a topic the read does not cover.
     */
    interface Unblocker {
        /** The reading connection's {@code CLIENT ID}; called on the reader's thread. */
        long readerId();

        /**
         * Unblocks {@code readerId} from another connection; must not block.
         *
         * @return how many clients Redis unblocked: 0 when the reader was not blocked (yet)
         */
        CompletionStage<Long> unblock(long readerId);
    }

    /**
     * @param block     longest wait of one read; shortened to a sixth of {@code claimAfter}
     * @param unblocker null when reads cannot be ended early (Redis Cluster): a consumer that
     *                  becomes idle then waits for the current read to end
     */
    StreamReader(RedisClusterCommands<String, String> redis, QueueKeys keys, String consumerName, ConsumerPool pool,
                 Duration claimAfter, Duration block, Unblocker unblocker) {
        this.redis = redis;
        this.unblocker = unblocker;
        this.keys = keys;
        this.me = Consumer.from(QueueKeys.GROUP, consumerName);
        this.pool = pool;
        this.claimAfter = claimAfter;
        this.claimEvery = shorter(claimAfter.dividedBy(3), Duration.ofSeconds(1));
        // a read must end in time for the next refresh: held items are refreshed within claimAfter / 2
        this.block = shorter(block, claimAfter.dividedBy(6));
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("queue-reader").start(this::run);
    }

    /** Consumers changed: read again, ending the current read early if it misses a topic now wanted. */
    void wake() {
        lock.lock();
        try {
            changedFlag = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Set<String> current = reading;
        if (current != null && unblocker != null && !readerIdStale && !current.containsAll(pool.wanted().keySet())) {
            unblockRead(readSerial, 0);
        }
    }

    /**
     * Ends read number {@code serial}. A read already sent may not be blocking in Redis yet, and an
     * unblock then finds nothing to end (Redis answers 0) while the read goes on to wait its whole
     * block time: try again shortly, as long as that same read is still in progress.
     */
    private void unblockRead(long serial, int attempt) {
        unblocker.unblock(readerId).whenComplete((unblocked, failure) -> {
            if (failure == null && unblocked != null && unblocked == 0 && attempt < MAX_UNBLOCK_ATTEMPTS
                    && reading != null && readSerial == serial) {
                CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS).execute(() -> unblockRead(serial, attempt + 1));
            }
        });
    }

    /** The reading connection (re)connected: its client id changed. */
    void readerReconnected() {
        readerIdStale = true;
    }

    /** {@code id} is no longer held here (written, or given back). */
    void forget(String id) {
        outstanding.remove(id);
    }

    private void run() {
        long nextClaim = System.nanoTime();
        long pause = 0;
        boolean down = false;
        while (!closed) {
            try {
                if (System.nanoTime() - nextClaim >= 0) {
                    refreshHeld();
                    Map<String, Integer> claimable = pool.wanted();
                    makeGroups(claimable.keySet());
                    claim(claimable);
                    nextClaim = System.nanoTime() + claimEvery.toNanos();
                }
                Map<String, Integer> wanted = pool.wanted();
                if (wanted.isEmpty()) {
                    awaitChange(Duration.ofNanos(Math.max(nextClaim - System.nanoTime(), 1_000_000)));
                    continue;
                }
                makeGroups(wanted.keySet());
                read(wanted);
                if (down) {
                    log.info("queue reader: redis answers again, consuming");
                    down = false;
                }
                pause = 0;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!down) {
                    log.warn("queue reader: reading from redis failed, retrying: {}", e.toString());
                    down = true;
                }
                groupsMade.clear();
                readerIdStale = true;
                pause = Math.min(Math.max(pause * 2, 50), 1000);
                awaitChange(Duration.ofMillis(pause)); // retry back-off
            }
        }
    }

    private void makeGroups(Set<String> topics) {
        for (String topic : topics) {
            if (groupsMade.contains(topic)) {
                continue;
            }
            try {
                redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.stream(topic), "0"), QueueKeys.GROUP,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
            groupsMade.add(topic);
        }
    }

    /**
     * Resets the idle time of the items held here, so that no other node takes over an item that a
     * slow consumer is still writing: only a node that stops doing this (it died) loses its items.
     */
    private void refreshHeld() {
        Map<String, List<String>> byTopic = new HashMap<>();
        outstanding.forEach((id, topic) -> byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(id));
        byTopic.forEach((topic, ids) -> redis.xclaim(keys.stream(topic), me,
                XClaimArgs.Builder.minIdleTime(0).justid(), ids.toArray(String[]::new)));
    }

    /** Takes over items idle for claimAfter, scanning each topic's pending entries a few at a time. */
    private void claim(Map<String, Integer> wanted) {
        for (Map.Entry<String, Integer> topic : wanted.entrySet()) {
            String cursor = claimCursors.getOrDefault(topic.getKey(), "0-0");
            ClaimedMessages<String, String> claimed = redis.xautoclaim(keys.stream(topic.getKey()),
                    XAutoClaimArgs.Builder.xautoclaim(me, claimAfter, cursor).count(topic.getValue()));
            claimCursors.put(topic.getKey(), claimed.getId());
            if (!claimed.getMessages().isEmpty()) {
                log.info("queue reader: took over {} items of topic {} not acknowledged for {}",
                        claimed.getMessages().size(), topic.getKey(), claimAfter);
                hand(claimed.getMessages());
            }
        }
    }

    private void read(Map<String, Integer> wanted) {
        List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>();
        int count = 1;
        for (Map.Entry<String, Integer> topic : wanted.entrySet()) {
            offsets.add(XReadArgs.StreamOffset.lastConsumed(keys.stream(topic.getKey())));
            count = Math.max(count, topic.getValue());
        }
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] streams = offsets.toArray(XReadArgs.StreamOffset[]::new);
        if (unblocker != null && readerIdStale) {
            readerIdStale = false;
            readerId = unblocker.readerId();
        }
        List<StreamMessage<String, String>> messages;
        readSerial++;
        reading = wanted.keySet();
        try {
            messages = redis.xreadgroup(me, XReadArgs.Builder.block(block).count(count), streams);
        } finally {
            reading = null;
        }
        hand(messages);
    }

    private void hand(List<StreamMessage<String, String>> messages) {
        Map<String, List<ConsumerPool.Handed>> byTopic = new LinkedHashMap<>();
        for (StreamMessage<String, String> m : messages) {
            String topic = keys.topicOf(m.getStream());
            if (m.getBody() == null || outstanding.putIfAbsent(m.getId(), topic) != null) {
                continue; // held here already
            }
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                    .add(new ConsumerPool.Handed(item(topic, m.getBody()), m.getId()));
        }
        byTopic.forEach(pool::add);
    }

    private static QueueItem item(String topic, Map<String, String> body) {
        int node;
        try {
            node = Integer.parseInt(body.getOrDefault("n", "0"));
        } catch (NumberFormatException e) {
            node = 0;
        }
        return new QueueItem(node, body.getOrDefault("c", ""), topic, body.getOrDefault("d", "null"));
    }

    private void awaitChange(Duration max) {
        lock.lock();
        try {
            if (!changedFlag && !closed) {
                changed.await(max.toNanos(), TimeUnit.NANOSECONDS);
            }
            changedFlag = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading; waits for the current read to end (at most the block time plus a margin). */
    @Override
    public void close() {
        closed = true;
        wake();
        if (thread != null) {
            try {
                thread.join(block.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
