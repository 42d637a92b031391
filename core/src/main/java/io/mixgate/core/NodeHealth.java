package io.mixgate.core;

/**
 * A node's health as {@code GET /health} reports it.
 *
 * @param healthy     whether the node can deliver what is published to it
 * @param connections client connections open on this node
 * @param detail      a short human-readable reason, {@code "ok"} when healthy
 */
public record NodeHealth(boolean healthy, long connections, String detail) {
}
