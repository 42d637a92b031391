package io.mixgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixgate.core.ChannelNames;
import io.mixgate.core.Gathered;
import io.mixgate.core.PresenceEvent;
import io.mixgate.core.PresenceFeed;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One {@code /ws/v1} connection's presence follows: {@code presence.subscribe {"c":channel,"k":key}}
 * starts pushing {@code {"e":"join"|"leave","c":channel,"id":"client","node":"n","v":value}} events,
 * {@code presence.unsubscribe {"c":channel}} stops. At most {@code maxFollows} channels per
 * connection. A follow with {@code maxBuffered} events not yet written to the socket is dropped
 * (never the node slowed): the connection gets {@code {"e":"presence.dropped","c":channel,"m":why}}
 * and may subscribe again, then resync from {@code GET /v1/channels/<name>/presence}.
 *
 * <p>Thread safety: thread-safe; events arrive on any thread.
 */
final class WsPresence {
    static final String PARAMS = "{\"c\":channel,\"k\":context key}";

    /** The limits of {@code presence.subscribe}. */
    record Limits(int maxFollows, int maxBuffered) {
        static final Limits DEFAULTS = new Limits(64, 1000);
    }

    private final PresenceFeed feed;
    private final Limits limits;
    private final ApiReplies replies;
    private final WsEnvelopes envelopes;
    private final Function<byte[], CompletionStage<Void>> writer;
    private final Map<String, Following> follows = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /** One follow and its unwritten events. */
    private final class Following {
        final String channel;
        final AtomicInteger unwritten = new AtomicInteger();
        volatile PresenceFeed.Follow follow;
        volatile boolean dropped;

        Following(String channel) {
            this.channel = channel;
        }

        void onEvent(PresenceEvent event) {
            if (dropped) {
                return;
            }
            if (unwritten.incrementAndGet() > limits.maxBuffered()) {
                drop();
                return;
            }
            writer.apply(envelopes.presenceEvent(event)).whenComplete((v, e) -> unwritten.decrementAndGet());
        }

        private void drop() {
            synchronized (WsPresence.this) {
                if (dropped) {
                    return;
                }
                dropped = true;
                follows.remove(channel, this);
            }
            stop();
            writer.apply(envelopes.presenceDropped(channel, "more than " + limits.maxBuffered()
                    + " presence events waiting to be written (presence.maxBufferedEvents): this follow is dropped;"
                    + " subscribe again and resync from GET /v1/channels/<name>/presence"));
        }

        void stop() {
            PresenceFeed.Follow f = follow;
            if (f != null) {
                f.stop();
            }
        }
    }

    WsPresence(PresenceFeed feed, Limits limits, ApiReplies replies, WsEnvelopes envelopes,
               Function<byte[], CompletionStage<Void>> writer) {
        this.feed = feed;
        this.limits = limits;
        this.replies = replies;
        this.envelopes = envelopes;
        this.writer = writer;
    }

    CompletionStage<WsAnswer> subscribe(JsonNode params) throws InvalidArgumentException {
        String channel = channel(params);
        JsonNode k = params.get("k");
        if (k == null || !k.isTextual() || k.textValue().isEmpty()) {
            throw new InvalidArgumentException("field \"p.k\": " + (k == null ? "missing" : k.toString())
                    + " (expected: a context key such as \"uid\")");
        }
        if (feed == null) {
            return done(WsAnswer.error(ApiError.INVALID_ARGUMENT, "presence is not available on this node"));
        }
        Following following = new Following(channel);
        synchronized (this) {
            if (closed) {
                return done(WsAnswer.error(ApiError.INVALID_ARGUMENT, "the connection is closing"));
            }
            if (follows.containsKey(channel)) {
                return done(WsAnswer.error(ApiError.INVALID_ARGUMENT, "channel \"" + channel + "\" is already followed"
                        + " on this connection (presence.unsubscribe it first)"));
            }
            if (follows.size() >= limits.maxFollows()) {
                return done(WsAnswer.error(ApiError.INVALID_ARGUMENT, "this connection follows " + follows.size()
                        + " channels already (presence.maxFollowsPerConnection)"));
            }
            follows.put(channel, following);
        }
        CompletionStage<Gathered<PresenceFeed.Follow>> started;
        try {
            started = feed.follow(channel, k.textValue(), following::onEvent);
        } catch (IllegalStateException e) {
            forget(following);
            return done(WsAnswer.error(ApiError.INVALID_ARGUMENT, e.getMessage()));
        }
        return started.handle((gathered, failure) -> {
            if (failure != null) {
                forget(following);
                return MeshReply.failed("follow the presence of \"" + channel + "\"", failure);
            }
            following.follow = gathered.value();
            boolean gone;
            synchronized (this) {
                gone = closed || follows.get(channel) != following;
            }
            if (gone) { // closed or unsubscribed meanwhile
                gathered.value().stop();
            }
            return WsAnswer.ok(InspectJson.completeness(replies.object().put("s", true), gathered));
        });
    }

    WsAnswer unsubscribe(JsonNode params) throws InvalidArgumentException {
        String channel = channel(params);
        Following following;
        synchronized (this) {
            following = follows.remove(channel);
        }
        if (following != null) {
            following.stop();
        }
        return WsAnswer.ok(replies.object().put("s", following != null));
    }

    /** The connection is gone: stops every follow. Idempotent. */
    void close() {
        Map<String, Following> all;
        synchronized (this) {
            closed = true;
            all = new HashMap<>(follows);
            follows.clear();
        }
        all.values().forEach(Following::stop);
    }

    private synchronized void forget(Following following) {
        follows.remove(following.channel, following);
    }

    private static String channel(JsonNode params) throws InvalidArgumentException {
        if (params == null || !params.isObject()) {
            throw new InvalidArgumentException("field \"p\": " + (params == null ? "missing" : "not an object")
                    + " (expected: " + PARAMS + ")");
        }
        JsonNode c = params.get("c");
        String problem = c == null || !c.isTextual() ? "missing or not a string" : ChannelNames.problem(c.textValue());
        if (problem != null) {
            throw new InvalidArgumentException("field \"p.c\": " + (c == null ? "missing" : c.toString()) + " (" + problem
                    + "; expected: a channel name)");
        }
        return c.textValue();
    }

    private static CompletionStage<WsAnswer> done(WsAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
