package io.mixgate.core;

import java.util.List;

/**
 * One upstream as {@code GET /v1/upstreams} shows it. Immutable.
 *
 * @param name          {@code upstreams[i].name}
 * @param scriptVersion the version of its provider script running now (a reload makes a new one)
 * @param owned         whether this node holds its connections
 * @param owner         in a mesh, the id of the node holding the upstream's lease as this node last saw it
 *                      (null: alone, or no node holds it now)
 * @param connections   its connections
 * @param subscriptions every subscription wanted now, with its state
 * @param channels      every channel it published to, with its freshness
 * @param messagesIn    provider messages received since start
 * @param reconnects    connections reopened after a loss since start
 * @param readPauses    times a connection stopped reading because the script was
 *                      {@code maxQueuedMessages} behind
 */
public record UpstreamStatus(String name, long scriptVersion, boolean owned, Integer owner, List<Connection> connections,
                             List<Subscription> subscriptions, List<Channel> channels, long messagesIn,
                             long reconnects, long readPauses) {

    /** One connection: its number, URL, whether it is open, and the subscriptions it carries. */
    public record Connection(int id, String url, boolean open, List<String> subscriptions) {
    }

    /** One subscription: its key, state, the provider's error when failed, and its connection. */
    public record Subscription(String key, String state, String error, int connection) {
    }

    /** One channel: when it last got data (epoch ms, 0 = never) and whether that is older than {@code staleAfter}. */
    public record Channel(String channel, long lastDataMillis, boolean stale) {
    }

    public long staleChannels() {
        return channels.stream().filter(Channel::stale).count();
    }
}
