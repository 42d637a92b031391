package io.mixgate.broker;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.config.RedisConfig;
import io.mixgate.pubsub.HistoryRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh broker: every node of the mesh talks to the same Redis (standalone, Sentinel or
 * Cluster), and a publish on any node reaches every node that has a local subscriber.
 *
 * <p><b>Channels.</b> Channel {@code c} travels on Redis channel {@code <prefix>c:c}; node
 * {@code n}'s own channel, for {@code send}, is {@code <prefix>n:n}. The node subscribes a
 * channel when its first local subscriber arrives and unsubscribes when the last one leaves
 * ({@link ChannelInterest}), in batches ({@link SubscriptionSync}).
 *
 * <p><b>Publish counts</b> ({@code redis.publishCounts}). {@code connections} (the default):
 * {@link #publish} completes with the exact connection counts of every node, CONNMIX's
 * {@code s}/{@code f}. The message carries this node's id and a request id
 * ({@link ChannelWire}); PUBLISH answers how many nodes received it; each of them reports its
 * delivery counts back ({@link CountReports}, batched per publisher; this node's own delivery
 * is counted in place, without a Redis round trip); the publish completes when all reported or
 * {@code redis.countTimeout} after PUBLISH answered, with the silent nodes in
 * {@code unconfirmed} ({@link PublishCounts}). {@code nodes}: {@code delivered} = the number
 * of nodes (Redis subscriber connections) that received it, as PUBLISH or SPUBLISH answers,
 * {@code failed} = 0, at the cost of one command. Either way 0 is a success that reached nobody.
 *
 * <p><b>History.</b> A channel that matches a {@code history.rules} entry is published by one
 * Redis script that numbers, stores and publishes it ({@link RedisHistoryStore}); the message
 * carries its offset and epoch, and receiving nodes hand both to
 * {@link BrokerListener#onPublication}. Every other channel takes the plain PUBLISH, untouched.
 * Once Redis acknowledges a SUBSCRIBE (first, or again after a reconnect) the listener hears it
 * ({@link BrokerListener#subscribed}), so history channels can read what they missed meanwhile.
 *
 * <p><b>Failures.</b> A publish or node message Redis certainly did not take (link down, so the
 * command was rejected; an error reply) completes exceptionally with
 * {@link BrokerUnavailableException}; one that was written and not answered (timed out, the
 * connection dropped) may still be delivered, and completes with
 * {@link io.mixgate.core.OutcomeUnknownException} ({@link RedisOutcomes}).
 *
 * <p><b>Guarantees.</b> At-most-once. Messages from one publisher to one channel arrive in
 * publish order on every node: Redis keeps it on each subscriber connection, and inbound
 * messages are delivered by one thread ({@link InboundDispatcher}), off Lettuce's event loops.
 * Messages published while a node's link is down are lost for that node; when the link comes
 * back every channel is subscribed again, without clients reconnecting.
 *
 * <p>Thread safety: every method may be called from any thread; none blocks.
 */
public final class RedisBroker implements Broker, NodeChannel {
    private final LongAdder reconnects = new java.util.concurrent.atomic.LongAdder();
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    private static final int INBOUND_QUEUE = 65_536;

    private final String channelPrefix;
    private final String nodePrefix;
    private final String ownChannel;
    private final int nodeId;
    private final boolean countConnections;
    private final PublishCounts counts;
    private final CountReports reports;
    private final BrokerListener listener;
    private final NodeInbox inbox;
    private final InboundDispatcher dispatcher;
    private final RedisLink link;
    private final SubscriptionSync sync;
    private final LinkHealth health;
    private final HistoryRules rules;
    private final RedisHistoryStore history;

    /**
     * Connects and subscribes this node's own channel.
     *
     * @param link           the connected link; the broker becomes its listener and closes it
     * @param hasSubscribers whether a channel has local subscribers (the subscription index)
     * @param channels       the channels with local subscribers (the subscription index)
     * @param timer          a single-threaded scheduler for bookkeeping and pings; never blocked
     */
    public RedisBroker(RedisLink link, RedisConfig config, int nodeId,
                       BrokerListener listener, NodeInbox inbox, Predicate<String> hasSubscribers,
                       Supplier<Collection<String>> channels, ScheduledExecutorService timer) {
        this(link, config, nodeId, listener, inbox, hasSubscribers, channels, timer, new HistoryRules(List.of()), null);
    }

    /**
     * As above, with channel history: channels matching {@code rules} are published through
     * {@code history}'s script.
     */
    public RedisBroker(RedisLink link, RedisConfig config, int nodeId,
                       BrokerListener listener, NodeInbox inbox, Predicate<String> hasSubscribers,
                       Supplier<Collection<String>> channels, ScheduledExecutorService timer,
                       HistoryRules rules, RedisHistoryStore history) {
        this.rules = rules;
        this.history = history;
        this.channelPrefix = config.prefix() + "c:";
        this.nodePrefix = config.prefix() + "n:";
        this.ownChannel = nodePrefix + nodeId;
        this.nodeId = nodeId;
        this.countConnections = config.countsConnections();
        this.counts = new PublishCounts(config.countTimeout(), timer);
        this.reports = new CountReports(this::sendReports);
        this.listener = listener;
        this.inbox = inbox;
        this.dispatcher = new InboundDispatcher(INBOUND_QUEUE, this::deliver, reports::flush);
        this.link = link;
        Predicate<String> wanted = redisChannel -> redisChannel.equals(ownChannel)
                || (redisChannel.startsWith(channelPrefix) && hasSubscribers.test(redisChannel.substring(channelPrefix.length())));
        Supplier<Collection<String>> allWanted = () -> {
            List<String> all = new ArrayList<>();
            all.add(ownChannel);
            channels.get().forEach(c -> all.add(channelPrefix + c));
            return all;
        };
        this.sync = new SubscriptionSync(link, wanted, allWanted, timer, Duration.ofMillis(500), this::acknowledged);
        this.health = new LinkHealth(link, config.pingInterval(), config.staleAfter(), timer, System::nanoTime,
                sync::resubscribeAll);
        link.listen(new Listener());
        sync.changed(ownChannel);
        log.info("joined the mesh on redis {} as node {} (channel prefix \"{}\")", link.kind(), nodeId, config.prefix());
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        String what = "publish to channel " + channel;
        HistoryRules.Rule rule = history == null || rules.isEmpty() ? null : rules.match(channel);
        if (rule != null) {
            return publishWithHistory(channel, rule, data, type, what);
        }
        if (!countConnections) {
            return RedisOutcomes.classified(link.publish(channelPrefix + channel, ChannelWire.encode(data, type)), what)
                    .thenApply(nodes -> new PublishResult(nodes, 0));
        }
        PublishCounts.Pending pending = counts.open();
        byte[] payload = ChannelWire.encodeCounted(data, type, nodeId, pending.id());
        link.publish(channelPrefix + channel, payload).whenComplete((nodes, failure) -> {
            if (failure != null) {
                counts.fail(pending, RedisOutcomes.classify(failure, what));
            } else {
                counts.expect(pending, nodes);
            }
        });
        return pending.result();
    }

    /** One script: offset, history, PUBLISH; the same outcome rules as a plain publish. */
    private CompletionStage<PublishResult> publishWithHistory(String channel, HistoryRules.Rule rule, byte[] data,
                                                              MessageType type, String what) {
        if (!countConnections) {
            return RedisOutcomes.classified(history.publish(channel, rule, ChannelWire.encode(data, type),
                    ChannelWire.headerLength(false), type), what).thenApply(p -> new PublishResult(p.receivers(), 0));
        }
        PublishCounts.Pending pending = counts.open();
        byte[] payload = ChannelWire.encodeCounted(data, type, nodeId, pending.id());
        history.publish(channel, rule, payload, ChannelWire.headerLength(true), type).whenComplete((p, failure) -> {
            if (failure != null) {
                counts.fail(pending, RedisOutcomes.classify(failure, what));
            } else {
                counts.expect(pending, p.receivers());
            }
        });
        return pending.result();
    }

    private void acknowledged(List<String> redisChannels) {
        List<String> channels = new ArrayList<>();
        for (String c : redisChannels) {
            if (c.startsWith(channelPrefix)) {
                channels.add(c.substring(channelPrefix.length()));
            }
        }
        if (!channels.isEmpty()) {
            listener.subscribed(channels);
        }
    }

    @Override
    public CompletionStage<Long> publishToNode(int nodeId, byte[] payload) {
        return RedisOutcomes.classified(link.publish(nodePrefix + nodeId, payload), "message to node " + nodeId);
    }

    /** Counted publishes still waiting for node reports. */
    int pendingCounts() {
        return counts.pendingCount();
    }

    @Override
    public void firstSubscriber(String channel) {
        sync.changed(channelPrefix + channel);
    }

    @Override
    public void lastSubscriberGone(String channel) {
        sync.changed(channelPrefix + channel);
    }

    /** Times the link to Redis came back after a drop since start (each one resubscribes everything). */
    public long reconnects() {
        return reconnects.sum();
    }

    @Override
    public boolean isHealthy() {
        return health.isHealthy();
    }

    /** Why the broker is unhealthy, or {@code "ok"}. */
    public String healthDetail() {
        return health.detail();
    }

    @Override
    public void close() {
        health.close();
        link.close();
        dispatcher.close();
    }

    private void deliver(String redisChannel, byte[] payload) {
        if (redisChannel.startsWith(channelPrefix)) {
            ChannelWire.Message message = ChannelWire.read(payload);
            if (message == null) {
                log.debug("ignoring a message in an unknown format on {}", redisChannel);
                return;
            }
            String channel = redisChannel.substring(channelPrefix.length());
            PublishResult result = message.numbered()
                    ? listener.onPublication(channel, message.data(), message.type(), message.offset(), message.epoch())
                    : listener.onMessage(channel, message.data(), message.type());
            if (!message.counted()) {
                return;
            }
            if (result == null) {
                result = PublishResult.NONE;
            }
            if (message.publisher() == nodeId) {
                counts.report(message.requestId(), result); // our own publish: no round trip
            } else {
                reports.add(message.publisher(), message.requestId(), result);
            }
        } else if (redisChannel.equals(ownChannel)) {
            if (payload.length > 0 && payload[0] == CountReports.KIND) {
                try {
                    CountReports.read(payload, counts::report);
                } catch (IllegalArgumentException e) {
                    log.debug("ignoring a malformed count report: {}", e.getMessage());
                }
            } else {
                inbox.onNodeMessage(payload, this);
            }
        }
    }

    private void sendReports(int publisher, byte[] payload) {
        link.publish(nodePrefix + publisher, payload).whenComplete((n, failure) -> {
            if (failure != null) {
                log.debug("could not report publish counts to node {}: {}", publisher, failure.toString());
            }
        });
    }

    private final class Listener implements LinkListener {
        @Override
        public void message(String channel, byte[] payload) {
            dispatcher.offer(channel, payload);
        }

        @Override
        public void reconnected() {
            reconnects.increment();
            sync.resubscribeAll();
        }

        @Override
        public void subscriptionLost(String channel) {
            sync.lost(channel);
        }
    }
}
