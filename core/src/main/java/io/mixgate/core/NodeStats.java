package io.mixgate.core;

import java.util.List;

/**
 * One node's live figures, for {@code GET /v1/stats} and the admin page: its health, its
 * connections, and running counters from which a reader computes rates (messages per second =
 * the difference of two readings over the difference of their {@code at}). Counters start at 0
 * when the node starts and only grow.
 *
 * <p>Immutable.
 *
 * @param node             the node id
 * @param at               when these figures were read, milliseconds since the epoch (the node's clock)
 * @param health           the node's health, as {@code /health} and {@code /health/mesh} see it
 * @param messagesIn       messages read from clients (each handed to {@code on_message})
 * @param published        published messages that had at least one subscriber on this node
 * @param deliveries       subscriber connections messages were handed to on this node
 * @param deliveryFailures subscriber connections that could not take a message
 * @param scriptErrors     script callbacks that ended in an error (uncaught error, stack overflow, budget abort)
 * @param scripts          the script version each server runs, in {@code servers} order
 */
public record NodeStats(String node, long at, NodeHealth health, long messagesIn, long published, long deliveries,
                        long deliveryFailures, long scriptErrors, List<ScriptReloads.ScriptVersionInfo> scripts) {
    public NodeStats {
        scripts = List.copyOf(scripts);
    }
}
