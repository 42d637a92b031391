package io.mixgate.core;

/**
 * One node as {@code GET /v1/nodes} lists it.
 *
 * @param id          the node id (as a string, like CONNMIX's node ids)
 * @param apiServer   where its back-office API listens, {@code host:port}
 * @param startedAt   when it started, milliseconds since the epoch
 * @param connections client connections open on it at its last heartbeat
 * @param heartbeatAt its last heartbeat, milliseconds since the epoch
 */
public record NodeInfo(String id, String apiServer, long startedAt, long connections, long heartbeatAt) {
}
