package io.mixgate.cluster;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.mixgate.broker.LinkListener;
import io.mixgate.broker.RedisLink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link RedisLink} shared by the broker and the mesh's own notices: messages on a tapped
 * channel go to its tap instead of the broker, everything else passes through unchanged, and a
 * reconnect of the pub/sub link is told to both. Costs one map lookup per inbound message.
 *
 * <p>Thread-safe; taps are added while the node starts, before traffic on their channel.
 */
public final class TappedLink implements RedisLink {
    private final RedisLink link;
    private final Map<String, Consumer<byte[]>> taps = new ConcurrentHashMap<>();
    private final List<Runnable> reconnects = new CopyOnWriteArrayList<>();
    private volatile LinkListener listener = LinkListener.NONE;

    public TappedLink(RedisLink link) {
        this.link = link;
        link.listen(new LinkListener() {
            @Override
            public void message(String channel, byte[] payload) {
                Consumer<byte[]> tap = taps.get(channel);
                if (tap != null) {
                    tap.accept(payload);
                } else {
                    listener.message(channel, payload);
                }
            }

            @Override
            public void reconnected() {
                listener.reconnected();
                taps.keySet().forEach(c -> link.subscribe(List.of(c)));
                reconnects.forEach(Runnable::run);
            }

            @Override
            public void subscriptionLost(String channel) {
                if (taps.containsKey(channel)) {
                    link.subscribe(List.of(channel));
                } else {
                    listener.subscriptionLost(channel);
                }
            }
        });
    }

    /**
     * Subscribes the link to {@code channel} and hands its messages (on Lettuce's threads: hand
     * them off at once) to {@code tap}; {@code reconnected} runs after the link came back, when
     * messages may have been missed.
     */
    public CompletionStage<Void> tap(String channel, Consumer<byte[]> tap, Runnable reconnected) {
        taps.put(channel, tap);
        reconnects.add(reconnected);
        return link.subscribe(List.of(channel));
    }

    @Override
    public void listen(LinkListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] payload) {
        return link.publish(channel, payload);
    }

    @Override
    public CompletionStage<Void> subscribe(List<String> channels) {
        return link.subscribe(channels);
    }

    @Override
    public CompletionStage<Void> unsubscribe(List<String> channels) {
        return link.unsubscribe(channels);
    }

    @Override
    public CompletionStage<Void> ping() {
        return link.ping();
    }

    @Override
    public boolean isOpen() {
        return link.isOpen();
    }

    @Override
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return link.commands();
    }

    @Override
    public String kind() {
        return link.kind();
    }

    @Override
    public void close() {
        link.close();
    }
}
