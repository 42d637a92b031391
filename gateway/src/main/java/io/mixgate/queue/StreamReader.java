package io.mixgate.queue;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.mixgate.core.QueueItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches items from the topic streams for this node's consumers, on a thread of its own over a
 * Redis connection of its own, because {@code XREADGROUP BLOCK} holds the connection while it
 * waits. Reads only the topics that a consumer here pops and that have no item waiting here, at
 * most one item per consumer, and reads nothing while nobody here pops. Every
 * {@code claimEvery} it also takes over ({@code XAUTOCLAIM}) items that were handed to a node
 * and not acknowledged for {@code claimAfter}: that node died, or gave them back.
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
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();
    private final Set<String> groupsMade = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean changedFlag;
    private volatile boolean closed;
    private Thread thread;

    StreamReader(RedisClusterCommands<String, String> redis, QueueKeys keys, String consumerName, ConsumerPool pool,
                 Duration claimAfter, Duration block) {
        this.redis = redis;
        this.keys = keys;
        this.me = Consumer.from(QueueKeys.GROUP, consumerName);
        this.pool = pool;
        this.claimAfter = claimAfter;
        this.claimEvery = claimAfter.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
                ? claimAfter.dividedBy(2) : Duration.ofSeconds(1);
        this.block = block;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("queue-reader").start(this::run);
    }

    /** Consumers changed: read again without waiting for the current block to end (at the latest after it). */
    void wake() {
        lock.lock();
        try {
            changedFlag = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@code id} is no longer held here (written, or given back). */
    void forget(String id) {
        outstanding.remove(id);
    }

    private void run() {
        long nextClaim = 0;
        long pause = 0;
        boolean down = false;
        while (!closed) {
            Map<String, Integer> wanted = pool.wanted();
            if (wanted.isEmpty()) {
                awaitChange(claimEvery);
                continue;
            }
            try {
                makeGroups(wanted.keySet());
                if (System.nanoTime() - nextClaim >= 0) {
                    claim(wanted);
                    nextClaim = System.nanoTime() + claimEvery.toNanos();
                    wanted = pool.wanted();
                }
                if (!wanted.isEmpty()) {
                    read(wanted);
                }
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

    private void claim(Map<String, Integer> wanted) {
        for (Map.Entry<String, Integer> topic : wanted.entrySet()) {
            List<StreamMessage<String, String>> claimed = redis.xautoclaim(keys.stream(topic.getKey()),
                    XAutoClaimArgs.Builder.xautoclaim(me, claimAfter, "0-0").count(topic.getValue())).getMessages();
            if (!claimed.isEmpty()) {
                log.info("queue reader: took over {} items of topic {} not acknowledged for {}", claimed.size(),
                        topic.getKey(), claimAfter);
                hand(claimed);
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
        List<StreamMessage<String, String>> messages = redis.xreadgroup(me,
                XReadArgs.Builder.block(block).count(count), streams);
        hand(messages);
    }

    private void hand(List<StreamMessage<String, String>> messages) {
        Map<String, List<ConsumerPool.Handed>> byTopic = new LinkedHashMap<>();
        for (StreamMessage<String, String> m : messages) {
            if (m.getBody() == null || !outstanding.add(m.getId())) {
                continue; // held here already (its idle time ran out while a consumer wrote it)
            }
            String topic = keys.topicOf(m.getStream());
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

    /** Items held here: handed to a consumer or waiting for one, not yet written. */
    Set<String> outstanding() {
        return Collections.unmodifiableSet(outstanding);
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
