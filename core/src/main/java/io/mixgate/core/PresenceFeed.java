package io.mixgate.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Join and leave events of channels, across the mesh, for the back office: the node implements
 * it, {@code /ws/v1}'s {@code presence.subscribe} uses it.
 *
 * <p>Guarantee: at most once. An event may be lost (a node that did not hear of the follow yet, a
 * Redis hiccup, a follower too slow to keep up); none is made up, and events of one connection on
 * one channel arrive in order. The list of subscribers ({@link Connections#list} with a channel) is
 * the truth to resync from.
 *
 * <p>Thread safety: implementations are safe to call from any thread and never block; the
 * consumer is called from any thread (a node's event loops, Redis's) and must not block.
 */
public interface PresenceFeed {

    /**
     * Starts following {@code channel}: every join and leave on every node goes to {@code events},
     * with the connection's context value under {@code key}. The follow works on this node at once;
     * the stage completes when every other live node confirmed it, listing those that did not
     * (within the mesh's request timeout) as missing: their events may be lost until they hear of it.
     *
     * @throws IllegalStateException when this node already follows its most channels (the message says which limit)
     */
    CompletionStage<Gathered<Follow>> follow(String channel, String key, Consumer<PresenceEvent> events);

    /** One follow; {@link #stop()} ends it. Thread-safe, idempotent. */
    interface Follow {
        void stop();
    }
}
