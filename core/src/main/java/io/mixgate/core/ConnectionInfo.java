package io.mixgate.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One client connection as the back office sees it ({@code GET /v1/connections}).
 *
 * <p>Immutable; {@code context} and {@code channels} are copies owned by this record.
 *
 * @param id            the client id
 * @param node          the id of the node holding it
 * @param server        its server, as the index in the node's {@code servers} list
 * @param remoteAddress the peer, {@code ip:port}
 * @param connectedAt   when it connected, milliseconds since the epoch (the node's clock)
 * @param context       its context values (JSON-like values)
 * @param channelCount  how many channels it is subscribed to
 * @param channels      the channels, sorted; empty in a list (only one connection's info carries them)
 * @param outboundBytes bytes queued to it and not yet written to the socket; -1 in a list
 */
public record ConnectionInfo(long id, int node, int server, String remoteAddress, long connectedAt,
                             Map<String, Object> context, int channelCount, List<String> channels, long outboundBytes) {
    public ConnectionInfo {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        context = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
        channels = List.copyOf(channels);
    }

    /** The same connection without its channel names and backlog, as a list carries it. */
    public ConnectionInfo summary() {
        return new ConnectionInfo(id, node, server, remoteAddress, connectedAt, context, channelCount, List.of(), -1);
    }
}
