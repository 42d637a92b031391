package io.mixgate.core;

import java.util.Objects;

/**
 * A connection joined or left a followed channel ({@code presence.subscribe} over {@code /ws/v1}).
 *
 * <p>Immutable.
 *
 * @param join     true when it subscribed, false when it unsubscribed or closed
 * @param channel  the channel
 * @param clientId the connection
 * @param node     the id of the node holding it
 * @param value    its context value under the followed key (a JSON-like value), or null when it has none
 */
public record PresenceEvent(boolean join, String channel, long clientId, int node, Object value) {
    public PresenceEvent {
        Objects.requireNonNull(channel, "channel");
    }
}
