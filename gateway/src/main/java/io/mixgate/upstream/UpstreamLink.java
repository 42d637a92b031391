package io.mixgate.upstream;

import java.time.Duration;
import java.util.List;

/**
 * One upstream connection as its provider script sees it ({@code up} in Lua). The methods block
 * the calling script thread (a virtual thread of the upstream's lane), never an event loop.
 *
 * <p>Thread safety: safe from any thread; meant for the upstream's lane.
 */
public interface UpstreamLink {
    /** The upstream's name ({@code upstreams[i].name}). */
    String upstream();

    /** This connection's number within its upstream, from 1. */
    int connection();

    /** The subscription keys this connection carries, sorted. */
    List<String> subscriptions();

    /**
     * Sends {@code text} as one text frame once the upstream's rate limit allows.
     *
     * @return null when handed to the connection, else why not (closed)
     */
    String send(String text);

    /**
     * Sends {@code text} and waits for the provider message whose {@code idField} is {@code id}.
     *
     * @return the reply's text
     * @throws UpstreamRequestException on timeout, a duplicate id, or a connection that closed
     */
    String request(String text, String idField, String id, Duration timeout) throws UpstreamRequestException;

    /** The provider confirmed {@code subscription} (state {@code subscribed}). */
    void acknowledged(String subscription);

    /** The provider refused {@code subscription}: state {@code failed} with {@code error}. */
    void refused(String subscription, String error);

    /** A value this connection's script state holds under {@code key} (cleared when it reopens), or null. */
    String get(String key);

    /** Sets (or with null removes) a value of this connection's script state. */
    void set(String key, String value);

    /** Closes this connection and opens it again (e.g. a sequence gap): all its subscriptions are re-sent. */
    void reconnect(String why);
}
