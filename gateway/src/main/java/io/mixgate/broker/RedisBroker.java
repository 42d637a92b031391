package io.mixgate.broker;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.config.RedisConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * <p><b>Publish counts.</b> {@link #publish} completes with {@code delivered} = the number of
 * nodes (Redis subscriber connections) that received the message, as Redis's PUBLISH or
 * SPUBLISH answers, including this node when it has subscribers; {@code failed} is always 0,
 * because whether a remote connection took the message is not known without a round trip.
 * 0 nodes is a success that reached nobody. A publish Redis did not take (down, timed out)
 * completes exceptionally with {@link BrokerUnavailableException}: never a success that
 * delivered nothing.
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
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    private static final int INBOUND_QUEUE = 65_536;

    private final String channelPrefix;
    private final String nodePrefix;
    private final String ownChannel;
    private final BrokerListener listener;
    private final NodeInbox inbox;
    private final InboundDispatcher dispatcher;
    private final RedisLink link;
    private final SubscriptionSync sync;
    private final LinkHealth health;

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
        this.channelPrefix = config.prefix() + "c:";
        this.nodePrefix = config.prefix() + "n:";
        this.ownChannel = nodePrefix + nodeId;
        this.listener = listener;
        this.inbox = inbox;
        this.dispatcher = new InboundDispatcher(INBOUND_QUEUE, this::deliver);
        this.link = link;
        Predicate<String> wanted = redisChannel -> redisChannel.equals(ownChannel)
                || (redisChannel.startsWith(channelPrefix) && hasSubscribers.test(redisChannel.substring(channelPrefix.length())));
        Supplier<Collection<String>> allWanted = () -> {
            List<String> all = new ArrayList<>();
            all.add(ownChannel);
            channels.get().forEach(c -> all.add(channelPrefix + c));
            return all;
        };
        this.sync = new SubscriptionSync(link, wanted, allWanted, timer, Duration.ofMillis(500));
        this.health = new LinkHealth(link, config.pingInterval(), config.staleAfter(), timer, System::nanoTime,
                sync::resubscribeAll);
        link.listen(new Listener());
        sync.changed(ownChannel);
        log.info("joined the mesh on redis {} as node {} (channel prefix \"{}\")", link.kind(), nodeId, config.prefix());
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
        return unavailableOnFailure(link.publish(channelPrefix + channel, ChannelWire.encode(data, type)),
                "publish to channel " + channel).thenApply(nodes -> new PublishResult(nodes, 0));
    }

    @Override
    public CompletionStage<Long> publishToNode(int nodeId, byte[] payload) {
        return unavailableOnFailure(link.publish(nodePrefix + nodeId, payload), "message to node " + nodeId);
    }

    @Override
    public void firstSubscriber(String channel) {
        sync.changed(channelPrefix + channel);
    }

    @Override
    public void lastSubscriberGone(String channel) {
        sync.changed(channelPrefix + channel);
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
            MessageType type = ChannelWire.type(payload);
            if (type == null) {
                log.debug("ignoring a message in an unknown format on {}", redisChannel);
                return;
            }
            listener.onMessage(redisChannel.substring(channelPrefix.length()), ChannelWire.data(payload), type);
        } else if (redisChannel.equals(ownChannel)) {
            inbox.onNodeMessage(payload, this);
        }
    }

    private static <T> CompletionStage<T> unavailableOnFailure(CompletionStage<T> stage, String what) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                result.completeExceptionally(new BrokerUnavailableException(
                        "redis unavailable, " + what + " not carried out: " + describe(cause)));
            }
        });
        return result;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private final class Listener implements LinkListener {
        @Override
        public void message(String channel, byte[] payload) {
            dispatcher.offer(channel, payload);
        }

        @Override
        public void reconnected() {
            sync.resubscribeAll();
        }

        @Override
        public void subscriptionLost(String channel) {
            sync.lost(channel);
        }
    }
}
