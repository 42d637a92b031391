package io.mixgate.service;

import io.mixgate.cluster.Ownership;
import io.lettuce.core.RedisClient;
import io.mixgate.api.ScriptRoutes;
import io.mixgate.config.ServiceConfig;
import io.mixgate.pubsub.SubscribeOutcome;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.script.ServiceScript;
import io.mixgate.session.ClientIdGenerator;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import io.mixgate.upstream.UpstreamDemand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code services[]} entry: its lane (every callback, timer and route call of the
 * service runs there, one at a time), its channel subscriptions, stream consumers and interest
 * patterns, and when it runs: while this node owns it ({@code mode: one}) or always
 * ({@code mode: every}). A reload of its script stops the running version (on_stop, timers,
 * subscriptions, streams, patterns all end) and starts the new one (on_start).
 *
 * <p>Channel ingest is bounded by {@code maxQueuedMessages}: past it a message is dropped and
 * counted ({@link #dropped()}), never queued without bound and never blocking the publisher.
 *
 * <p>Thread-safe: public methods may be called from any thread; state is touched on the lane.
 */
public final class ServiceNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceNode.class);

    private final ServiceConfig config;
    private final ServiceScript script;
    private final ScriptLane lane;
    private final Executor laneExecutor;
    private final SubscriptionIndex subscriptions;
    private final ClientIdGenerator ids;
    private final Ownership ownership;
    private final ChannelDemand demand;
    private final Supplier<RedisClient> redis;
    private final String consumerPrefix;
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder unsubscribed = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final ServiceScript.Actions actions = new LaneActions();

    // lane-only
    private boolean running;
    private boolean closed;
    private final Map<String, Session> channels = new HashMap<>();
    private final List<StreamConsumer> streams = new ArrayList<>();
    private final Map<String, Boolean> told = new HashMap<>();
    // read by demand listeners on any thread
    private final List<ChannelPattern> patterns = new CopyOnWriteArrayList<>();

    /**
     * @param redis          the Redis client stream consumers connect with, or null without Redis
     * @param consumerPrefix the stream consumer name's prefix when the script gives none (the node's id)
     */
    public ServiceNode(ServiceConfig config, ServiceScript script, Executor threads, SubscriptionIndex subscriptions,
                       ClientIdGenerator ids, Ownership ownership, ChannelDemand demand,
                       Supplier<RedisClient> redis, String consumerPrefix) {
        this.config = config;
        this.script = script;
        this.lane = new ScriptLane(threads, Integer.MAX_VALUE);
        this.laneExecutor = lane::submit;
        this.subscriptions = subscriptions;
        this.ids = ids;
        this.ownership = ownership;
        this.demand = demand;
        this.redis = redis;
        this.consumerPrefix = consumerPrefix;
    }

    public String name() {
        return config.name();
    }

    /** Starts it (if this node should run it) and follows ownership, demand and reloads from now on. */
    public void start() {
        ownership.listen(() -> lane.submit(this::reconcile));
        demand.listen(new UpstreamDemand.Listener() {
            @Override
            public void wanted(String channel) {
                interestChanged(channel);
            }

            @Override
            public void unwanted(String channel) {
                interestChanged(channel);
            }
        });
        script.versions().onSwap(() -> lane.submit(this::restart));
        lane.submit(this::reconcile);
    }

    /** Channel messages dropped because the service's queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Channel messages handed to the service. */
    public long received() {
        return received.sum();
    }

    /** Channel messages that found the service no longer subscribed to their channel (after a restart or an unsubscribe). */
    public long unsubscribedDrops() {
        return unsubscribed.sum();
    }

    /** Restarts of the running version after a callback ran past its budget (its state was lost). */
    public long abortRestarts() {
        return restarts.sum();
    }

    /** Runs {@code task} on the service's lane and returns what it returned. */
    public <T> CompletableFuture<T> onLane(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        lane.submit(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Whether a version runs now, its id (0 when not) and its live timers, read on the lane. */
    public CompletableFuture<long[]> state() {
        return onLane(() -> new long[] {running ? script.runningVersion() : 0, script.timerCount()});
    }

    /** Answers a route with the running version's {@code function}. */
    CompletableFuture<ScriptRoutes.Response> route(String function, ScriptRoutes.Request request) {
        return onLane(() -> {
            if (!running) {
                throw new ScriptRoutes.RouteFailedException("service " + config.name() + " is not running on this node");
            }
            return script.route(function, request);
        });
    }

    private void reconcile() {
        boolean should = !closed && (!config.one() || ownership.owns(config.name()));
        if (should && !running) {
            begin();
        } else if (!should && running) {
            end();
        }
    }

    /** Lane-only: a version whose callback ran past its budget is replaced before anything else runs on it. */
    private void restartIfAborted() {
        if (running && script.aborted()) {
            restarts.increment();
            restart();
        }
    }

    private void restart() {
        if (running) {
            end();
        }
        reconcile();
    }

    private void begin() {
        running = true;
        try {
            ServiceScript.Outcome out = script.begin(actions, laneExecutor, () -> lane.submit(this::restartIfAborted));
            log.info("service {} version {} started{}", config.name(), script.runningVersion(),
                    out.error() == null ? "" : " (on_start failed: " + out.error() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void end() {
        long version = script.runningVersion();
        streams.forEach(StreamConsumer::close);
        streams.clear();
        channels.values().forEach(subscriptions::removeSession);
        channels.clear();
        patterns.clear();
        told.clear();
        script.end();
        running = false;
        log.info("service {} version {} stopped", config.name(), version);
    }

    private void interestChanged(String channel) {
        if (patterns.stream().anyMatch(p -> p.matches(channel))) {
            lane.submit(() -> tellInterest(channel));
        }
    }

    /** Tells the script the channel's demand now, once per change (events may come twice or out of order). */
    private void tellInterest(String channel) {
        if (!running || patterns.stream().noneMatch(p -> p.matches(channel))) {
            return;
        }
        boolean wanted = demand.wanted(channel);
        Boolean before = told.put(channel, wanted);
        if (before == null ? wanted : before != wanted) {
            script.interest(channel, wanted);
        }
        if (!wanted) {
            told.remove(channel);
        }
    }

    /**
     * Queues a channel message for the running version. A message queued while the service
     * restarts (a reload, a budget abort) goes to the new version when it subscribed the same
     * channel again; one for a channel the service no longer subscribes is counted in
     * {@link #unsubscribedDrops()}, never lost without a trace.
     */
    private void deliver(String channel, byte[] data) {
        queued.incrementAndGet();
        received.increment();
        lane.submit(() -> {
            queued.decrementAndGet();
            restartIfAborted(); // a message queued behind the runaway goes to the fresh version
            if (running && channels.containsKey(channel)) {
                script.message(channel, data);
            } else {
                unsubscribed.increment();
            }
        });
    }

    /** {@code svc:*}: called by the script on the lane. */
    private final class LaneActions implements ServiceScript.Actions {
        @Override
        public String subscribe(String channel) {
            if (channels.containsKey(channel)) {
                return null;
            }
            if (channels.size() >= config.maxChannels()) {
                return "too many channels: services[].maxChannels is " + config.maxChannels();
            }
            ServiceInbox inbox = new ServiceInbox(channel, ServiceNode.this::deliver, () -> {
                if (queued.get() >= config.maxQueuedMessages()) {
                    dropped.increment();
                    return true;
                }
                return false;
            });
            Session session = new Session(ids.next(), inbox, lane, 1);
            SubscribeOutcome outcome = subscriptions.subscribe(session, channel, 1);
            if (outcome.error() != null) {
                subscriptions.removeSession(session);
                return outcome.error() + ": " + channel;
            }
            channels.put(channel, session);
            return null;
        }

        @Override
        public String unsubscribe(String channel) {
            Session session = channels.remove(channel);
            if (session != null) {
                subscriptions.removeSession(session);
            }
            return null;
        }

        @Override
        public String consumeStream(String key, String group, String consumer, int batch) {
            RedisClient client = redis == null ? null : redis.get();
            if (client == null) {
                return "consume_stream needs Redis (redis.mode standalone or sentinel)";
            }
            if (batch < 1 || batch > 10_000) {
                return "batch " + batch + " (expected: 1..10000)";
            }
            String name = consumer != null ? consumer : consumerPrefix + "-" + config.name();
            StreamConsumer reader = new StreamConsumer(config.name(), client, key, group, name, batch, entries -> {
                try {
                    return onLane(() -> script.stream(key, entries).ok()).get(10, TimeUnit.MINUTES);
                } catch (Exception e) {
                    return false;
                }
            });
            streams.add(reader);
            reader.start();
            return null;
        }

        @Override
        public String watchInterest(String pattern) {
            ChannelPattern p = ChannelPattern.of(pattern);
            patterns.add(p);
            for (String channel : demand.wantedChannels()) {
                if (p.matches(channel)) {
                    lane.submit(() -> tellInterest(channel));
                }
            }
            return null;
        }
    }

    /** Stops the running version (on_stop) and waits up to 5 s for it. */
    @Override
    public void close() {
        CompletableFuture<Boolean> done = onLane(() -> {
            closed = true;
            if (running) {
                end();
            }
            return true;
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("service {} did not stop within 5 s: {}", config.name(), e.toString());
        }
    }

}
