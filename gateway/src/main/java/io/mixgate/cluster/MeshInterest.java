package io.mixgate.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.mixgate.pubsub.ChannelInterest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which channels have at least one subscriber on any node of the mesh, tracked in Redis.
 *
 * <p><b>In Redis.</b> Each node keeps a hash {@code <prefix>interest:{<node>}}: one field per
 * channel it has local subscribers of, and the field {@code ""} holding the sequence number of its
 * last change. The hash expires {@code ttl} after the node's last renewal (every {@code ttl/3}),
 * so a killed node's interest disappears by itself. Node ids are listed in the set
 * {@code <prefix>interest:nodes}. Every script touches one key, so it works on Redis Cluster too.
 *
 * <p><b>Cost.</b> Told by the subscription index only when this node gains its first or loses its
 * last subscriber of a channel (as the broker is): a node's later subscribers of a channel never
 * reach this class. Changes gathered meanwhile go out as one script and one notice (in batches of
 * {@value #BATCH} channels). Every channel with a subscriber is tracked, since any channel may map
 * to an upstream; each node holds the mesh-wide set of channels in memory.
 *
 * <p><b>Learning.</b> Each change is published as an {@link InterestNotice} on
 * {@code <prefix>interest}; every {@code ttl/3} each node checks that the nodes it knows of still
 * have their hash (a killed node's channels are dropped within {@code ttl + ttl/3}), and every
 * {@code reconcile} (and after the pub/sub link reconnected) it re-reads every node's hash. A
 * notice or hash older (by sequence number) than what is known is ignored.
 *
 * <p><b>Listeners</b> hear {@code wanted} when a channel may have gained its first subscriber
 * anywhere and {@code unwanted} when it may have lost its last one; calls may repeat or arrive out
 * of order, so a listener re-checks {@link #wanted(String)}.
 *
 * <p>Thread safety: thread-safe; never blocks its callers (Redis work runs on its own thread).
 */
public final class MeshInterest implements ChannelInterest, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MeshInterest.class);
    static final int BATCH = 1000;

    /** KEYS[1] the node's hash; ARGV: ttl ms, seq, full (1/0), number added, added…, removed…. */
    static final String WRITE = """
            if ARGV[3] == '1' then redis.call('DEL', KEYS[1]) end
            redis.call('HSET', KEYS[1], '', ARGV[2])
            local n = tonumber(ARGV[4])
            for i = 5, 4 + n do redis.call('HSET', KEYS[1], ARGV[i], '1') end
            for i = 5 + n, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """;

    /** Told about changes of interest. */
    public interface Listener {
        void wanted(String channel);

        void unwanted(String channel);
    }

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final TappedLink link;
    private final String prefix;
    private final int self;
    private final Duration ttl;
    private final Duration reconcile;
    private final Duration timeout;
    private final Predicate<String> local;
    private final Supplier<Collection<String>> localChannels;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mesh-interest").daemon().factory());
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    // worker state
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final Set<String> recorded = new HashSet<>();
    private boolean dirty = true;
    private long seq;
    private long nextReconcile;

    private final InterestView others = new InterestView();

    /**
     * @param link          the mesh's link: its commands, and its pub/sub link for the notices
     * @param self          this node's id
     * @param local         whether this node has a local subscriber of a channel now
     * @param localChannels the channels this node has local subscribers of now
     */
    public MeshInterest(TappedLink link, String prefix, int self, Duration ttl, Duration reconcile, Duration timeout,
                        Predicate<String> local, Supplier<Collection<String>> localChannels, LongSupplier nanoTime) {
        this.redis = link.commands();
        this.link = link;
        this.prefix = prefix;
        this.self = self;
        this.ttl = ttl;
        this.reconcile = reconcile;
        this.timeout = timeout;
        this.local = local;
        this.localChannels = localChannels;
        this.nanoTime = nanoTime;
        this.seq = System.currentTimeMillis() * 1000; // a restarted node's notices sort after its old ones
        this.nextReconcile = nanoTime.getAsLong(); // the first tick reads everything (nanoTime may be negative)
    }

    /** Subscribes to the notices and starts renewing, checking and reconciling; once, while the node starts. */
    public void start() {
        link.tap(noticeChannel(), payload -> onWorker(() -> onNotice(payload)),
                () -> onWorker(() -> nextReconcile = nanoTime.getAsLong()));
        long every = ttl.toNanos() / 3;
        worker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.NANOSECONDS);
    }

    /** Adds a listener, told at once about every channel wanted now. */
    public void listen(Listener listener) {
        listeners.add(listener);
        onWorker(() -> wantedNow().forEach(listener::wanted));
    }

    /**
     * A snapshot of the channels wanted on some node, as far as known. Waits for this class's
     * worker (at most the command timeout; then, or once closed, this node's own channels only).
     */
    public Set<String> wantedChannels() {
        CompletableFuture<Set<String>> snapshot = new CompletableFuture<>();
        onWorker(() -> snapshot.complete(wantedNow()));
        try {
            return snapshot.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the worker is closed or busy: what this node knows without it
        }
        return new HashSet<>(localChannels.get());
    }

    /** Runs on the worker. */
    private Set<String> wantedNow() {
        Set<String> now = new HashSet<>(others.channels());
        now.addAll(localChannels.get());
        return now;
    }

    /** Whether some node of the mesh (this one included) has a subscriber of {@code channel}, as far as known. */
    public boolean wanted(String channel) {
        return local.test(channel) || others.has(channel);
    }

    @Override
    public void firstSubscriber(String channel) {
        changedHere(channel);
        listeners.forEach(l -> l.wanted(channel));
    }

    @Override
    public void lastSubscriberGone(String channel) {
        changedHere(channel);
        listeners.forEach(l -> l.unwanted(channel));
    }

    String noticeChannel() {
        return prefix + "interest";
    }

    String key(int node) {
        return prefix + "interest:{" + node + "}";
    }

    private String directory() {
        return prefix + "interest:nodes";
    }

    private void changedHere(String channel) {
        pending.add(channel);
        if (flushQueued.compareAndSet(false, true)) {
            onWorker(this::flush);
        }
    }

    private void flush() {
        flushQueued.set(false);
        if (dirty) {
            pending.clear();
            rewrite();
            return;
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String channel : List.copyOf(pending)) {
            pending.remove(channel);
            boolean want = local.test(channel);
            if (want && recorded.add(channel)) {
                added.add(channel);
            } else if (!want && recorded.remove(channel)) {
                removed.add(channel);
            }
        }
        for (int i = 0; i < Math.max(added.size(), removed.size()); i += BATCH) {
            write(false, added.subList(Math.min(i, added.size()), Math.min(i + BATCH, added.size())),
                    removed.subList(Math.min(i, removed.size()), Math.min(i + BATCH, removed.size())));
        }
    }

    /** Writes everything this node has again: at start, and after a write failed or Redis lost the hash. */
    private void rewrite() {
        dirty = false;
        recorded.clear();
        recorded.addAll(localChannels.get());
        List<String> all = new ArrayList<>(recorded);
        int i = 0;
        do {
            write(i == 0, all.subList(i, Math.min(i + BATCH, all.size())), List.of());
            i += BATCH;
        } while (i < all.size());
    }

    private void write(boolean full, List<String> added, List<String> removed) {
        long s = ++seq;
        List<String> args = new ArrayList<>(4 + added.size() + removed.size());
        args.add(Long.toString(ttl.toMillis()));
        args.add(Long.toString(s));
        args.add(full ? "1" : "0");
        args.add(Integer.toString(added.size()));
        args.addAll(added);
        args.addAll(removed);
        byte[] notice = new InterestNotice(self, s, full, List.copyOf(added), List.copyOf(removed)).encode();
        command(() -> redis.eval(WRITE, ScriptOutputType.INTEGER, new String[] {key(self)}, bytes(args)))
                .thenCompose(ok -> link.publish(noticeChannel(), notice))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.warn("mesh interest: writing this node's channels failed, rewriting them at the next renewal: {}",
                                failure.toString());
                        onWorker(() -> dirty = true);
                    }
                });
    }

    private void tick() {
        try {
            if (dirty) {
                rewrite();
            } else {
                command(() -> redis.pexpire(key(self), ttl.toMillis())).whenComplete((renewed, failure) -> {
                    if (failure == null && !Boolean.TRUE.equals(renewed)) {
                        onWorker(() -> { // Redis lost the hash (restart, flush): write it again
                            dirty = true;
                            flush();
                        });
                    }
                });
            }
            command(() -> redis.sadd(directory(), bytes(List.of(Integer.toString(self)))));
            long now = nanoTime.getAsLong();
            if (now - nextReconcile >= 0) {
                nextReconcile = now + reconcile.toNanos();
                reconcileAll();
            } else {
                checkAlive();
            }
        } catch (RuntimeException e) {
            log.error("mesh interest: unexpected error", e);
        }
    }

    /** Drops the nodes whose hash expired (killed nodes). */
    private void checkAlive() {
        for (int node : others.nodes()) {
            command(() -> redis.exists(key(node))).whenComplete((n, failure) -> {
                if (failure == null && n == 0) {
                    onWorker(() -> tell(others.replace(node, InterestView.GONE, Set.of())));
                }
            });
        }
    }

    private void reconcileAll() {
        command(() -> redis.smembers(directory())).whenComplete((members, failure) -> {
            if (failure != null) {
                log.debug("mesh interest: reading the nodes failed: {}", failure.toString());
                return;
            }
            Set<Integer> nodes = new HashSet<>();
            for (byte[] m : members) {
                try {
                    nodes.add(Integer.parseInt(new String(m, StandardCharsets.UTF_8)));
                } catch (NumberFormatException e) {
                    log.debug("mesh interest: not a node id in the directory: {}", new String(m, StandardCharsets.UTF_8));
                }
            }
            nodes.addAll(others.nodes());
            nodes.remove(self);
            for (int node : nodes) {
                command(() -> redis.hgetall(key(node))).whenComplete((hash, err) -> {
                    if (err == null) {
                        onWorker(() -> readHash(node, hash));
                    }
                });
            }
        });
    }

    private void readHash(int node, Map<String, byte[]> hash) {
        if (hash.isEmpty()) {
            tell(others.replace(node, InterestView.GONE, Set.of()));
            command(() -> redis.srem(directory(), bytes(List.of(Integer.toString(node))))); // re-added while alive
            return;
        }
        long s;
        try {
            s = Long.parseLong(new String(hash.getOrDefault("", new byte[0]), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            s = Long.MIN_VALUE;
        }
        Set<String> channels = new HashSet<>(hash.keySet());
        channels.remove("");
        tell(others.replace(node, s, channels));
    }

    private void onNotice(byte[] payload) {
        InterestNotice n = InterestNotice.decode(payload);
        if (n == null) {
            log.debug("mesh interest: ignoring a malformed notice");
            return;
        }
        if (n.node() == self) {
            return;
        }
        tell(others.apply(n));
    }

    private void tell(Set<String> changed) {
        for (String channel : changed) {
            boolean want = wanted(channel);
            for (Listener l : listeners) {
                try {
                    if (want) {
                        l.wanted(channel);
                    } else {
                        l.unwanted(channel);
                    }
                } catch (RuntimeException e) {
                    log.error("mesh interest listener failed", e);
                }
            }
        }
    }

    /** Runs {@code task} on the worker; dropped once closed (late answers and notices). */
    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closed) {
            // closed: nothing left to track
        }
    }

    private <T> CompletableFuture<T> command(Supplier<? extends java.util.concurrent.CompletionStage<T>> command) {
        try {
            return command.get().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static byte[][] bytes(List<String> values) {
        byte[][] out = new byte[values.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Stops, deletes this node's hash and tells the others, so its channels stop counting at once. */
    @Override
    public void close() {
        try {
            worker.submit(() -> {
                byte[] notice = new InterestNotice(self, ++seq, true, List.of(), List.of()).encode();
                return command(() -> redis.del(key(self))).thenCompose(n -> link.publish(noticeChannel(), notice));
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("mesh interest: could not remove this node's channels, they expire by themselves: {}", e.toString());
        }
        worker.shutdownNow();
    }
}
