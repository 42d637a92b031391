package io.mixgate.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named leases in Redis that give exactly one node of the mesh a job. A lease is the key
 * {@code <prefix>lease:{<name>}} holding its owner's token ({@code <nodeId>:<random>}, new per
 * process). Every {@code ttl/3} this node runs one script per name it {@link #contend}s for: take
 * the key when it is free ({@code SET NX PX ttl}), extend it when it holds our token
 * (compare-and-extend), and answer the holder either way. {@link #close()} deletes the keys that
 * still hold our token (compare-and-delete: never another node's).
 *
 * <p><b>The margin.</b> This node counts itself owner until {@code 3/4 ttl} after it <i>sent</i>
 * the last renewal Redis confirmed. Redis keeps the key {@code ttl} after it <i>ran</i> that
 * renewal, which is later than the sending. So the owner stops acting at least {@code ttl/4}
 * before any other node can take the lease, whatever happened in between: Redis unreachable,
 * slow answers, the process stopped (SIGSTOP, a long GC pause: the monotonic clock keeps running,
 * so it finds its ownership lapsed when it wakes). The quarter absorbs clock-rate differences
 * between hosts and the time between a check of {@link #owns} and the action it allows. With
 * renewals every {@code ttl/3}, one failed renewal does not lose the lease, two do.
 *
 * <p>Thread safety: thread-safe; never blocks. Listeners run on the given timer or on Lettuce's
 * threads and must not block.
 */
public final class MeshLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MeshLease.class);

    /** KEYS[1] the lease, ARGV[1] our token, ARGV[2] ttl ms: take it free, extend it ours; returns the holder. */
    static final String ACQUIRE = """
            local v = redis.call('GET', KEYS[1])
            if not v then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return ARGV[1]
            end
            if v == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return v
            """;
    /** KEYS[1] the lease, ARGV[1] our token: deletes it only when it is ours. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 'released'
            end
            return 'kept'
            """;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final String prefix;
    private final String token;
    private final long ttlNanos;
    private final Duration commandTimeout;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;
    private final Map<String, Held> names = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> ticks;
    private volatile boolean closed;

    /** What this node knows of one lease. */
    private static final class Held {
        /** While nanoTime is before this, this node owns the lease; 0 = never owned. */
        volatile long ownedUntil;
        volatile boolean owning;
        /** The holder's node id, or -1 when unknown or free. */
        volatile int holder = -1;
        volatile ScheduledFuture<?> lapse;
    }

    /**
     * @param redis          the mesh's command connection (standalone or cluster: each script touches one key)
     * @param nodeId         this node, shown as the holder of what it owns
     * @param ttl            how long a lease lives in Redis after its last renewal
     * @param commandTimeout a renewal unanswered after this counts as failed
     */
    public MeshLease(RedisClusterAsyncCommands<String, byte[]> redis, String prefix, int nodeId, Duration ttl,
                     Duration commandTimeout, ScheduledExecutorService timer, LongSupplier nanoTime) {
        this.redis = redis;
        this.prefix = prefix;
        this.token = nodeId + ":" + UUID.randomUUID();
        this.ttlNanos = ttl.toNanos();
        this.commandTimeout = commandTimeout;
        this.timer = timer;
        this.nanoTime = nanoTime;
    }

    /** Starts contending every {@code ttl/3} for the names given to {@link #contend}. */
    public void start() {
        long every = ttlNanos / 3;
        ticks = timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.NANOSECONDS);
    }

    /** From now on, tries to own {@code name} (at the next tick, and at once when started). */
    public void contend(String name) {
        if (names.putIfAbsent(name, new Held()) == null && ticks != null) {
            timer.execute(() -> attempt(name, names.get(name)));
        }
    }

    /** Whether this node owns {@code name} now (by its own conservative view: see the class comment). */
    public boolean owns(String name) {
        Held h = names.get(name);
        return h != null && h.owning && nanoTime.getAsLong() - h.ownedUntil < 0;
    }

    /** The node id holding {@code name} at the last look, or -1 when free or unknown. */
    public int holder(String name) {
        Held h = names.get(name);
        if (h == null) {
            return -1;
        }
        return owns(name) ? nodeId() : h.holder;
    }

    /** Adds a listener run whenever this node gains or loses some lease. */
    public void listen(Runnable changed) {
        listeners.add(changed);
    }

    private int nodeId() {
        return Integer.parseInt(token.substring(0, token.indexOf(':')));
    }

    String key(String name) {
        return prefix + "lease:{" + name + "}";
    }

    private void tick() {
        names.forEach(this::attempt);
    }

    private void attempt(String name, Held h) {
        long sent;
        CompletableFuture<String> answer;
        synchronized (this) { // close() sends its releases after any attempt sent before it: same connection, in order
            if (closed || h == null) {
                return;
            }
            sent = nanoTime.getAsLong();
            answer = eval(ACQUIRE, key(name), token, Long.toString(TimeUnit.NANOSECONDS.toMillis(ttlNanos)));
        }
        answer.whenComplete((holder, failure) -> {
                    if (failure != null) {
                        log.debug("lease {}: renewal failed: {}", name, failure.toString());
                        return; // the lapse timer ends our ownership in time
                    }
                    if (token.equals(holder)) {
                        renewed(name, h, sent);
                    } else {
                        h.holder = holder == null ? -1 : parseNode(holder);
                        lost(name, h);
                    }
                });
    }

    private void renewed(String name, Held h, long sent) {
        if (closed) {
            return;
        }
        long until = sent + ttlNanos - ttlNanos / 4;
        boolean gained = !owns(name);
        if (!h.owning || until - h.ownedUntil > 0) { // nanoTime may be negative: compare only with a set value
            h.ownedUntil = until;
        }
        h.owning = true;
        h.holder = nodeId();
        ScheduledFuture<?> old = h.lapse;
        if (old != null) {
            old.cancel(false);
        }
        long left = h.ownedUntil - nanoTime.getAsLong();
        try {
            h.lapse = timer.schedule(() -> lapsed(name, h), Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return; // the node is stopping: owns() still lapses by the clock
        }
        if (gained) {
            log.info("lease {}: this node owns it", name);
            changed();
        }
    }

    private void lapsed(String name, Held h) {
        if (h.owning && nanoTime.getAsLong() - h.ownedUntil >= 0) {
            h.owning = false;
            h.holder = -1;
            log.warn("lease {}: not renewed in time, this node stops acting as its owner", name);
            changed();
        }
    }

    private void lost(String name, Held h) {
        if (h.owning) {
            h.owning = false;
            h.ownedUntil = nanoTime.getAsLong();
            log.warn("lease {}: held by another node ({}), this node stops acting as its owner", name, h.holder);
            changed();
        }
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.error("lease listener failed", e);
            }
        }
    }

    private CompletableFuture<String> eval(String script, String key, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        try {
            return redis.<Object>eval(script, ScriptOutputType.VALUE, new String[] {key}, values).toCompletableFuture()
                    .orTimeout(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(v -> v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static int parseNode(String holder) {
        int colon = holder.indexOf(':');
        try {
            return Integer.parseInt(colon < 0 ? holder : holder.substring(0, colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Stops contending and gives up every lease this node holds (compare-and-delete, waiting up to
     * the command timeout), so another node takes over at its next attempt instead of after the ttl.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
        boolean any = false;
        for (Map.Entry<String, Held> e : names.entrySet()) {
            Held h = e.getValue();
            boolean was = owns(e.getKey());
            h.owning = false;
            any |= was;
            try {
                eval(RELEASE, key(e.getKey()), token).get(commandTimeout.toMillis() + 100, TimeUnit.MILLISECONDS);
            } catch (Exception ex) {
                log.debug("lease {}: release failed, it lapses by itself: {}", e.getKey(), ex.toString());
            }
        }
        if (any) {
            changed();
        }
    }
}
