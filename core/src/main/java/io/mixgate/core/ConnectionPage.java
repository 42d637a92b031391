package io.mixgate.core;

import java.util.List;

/**
 * One page of {@link Connections#list}. Immutable.
 *
 * @param connections the connections, in client-id order, without channel names or backlog
 * @param nextCursor  the {@code after} of the next page, or null when this is the last
 */
public record ConnectionPage(List<ConnectionInfo> connections, Long nextCursor) {
    public ConnectionPage {
        connections = List.copyOf(connections);
    }
}
