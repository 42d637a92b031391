package io.mixgate.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * See and steer client connections across the mesh, for {@code /v1/connections} and
 * {@code /v1/channels}. The node implements it; the API never sees sessions or Redis.
 *
 * <p>Mesh-wide operations ask every live node and wait a bounded time; nodes that did not answer
 * are listed in {@link Gathered#missing()} rather than failing or hanging the call. Operations on
 * one connection go to the node that holds it: no answer in time completes the stage with
 * {@link OutcomeUnknownException}. Any other exceptional completion means the operation certainly
 * did not happen (the node directory could not be read, say).
 *
 * <p>Thread safety: implementations are safe to call from any thread and never block.
 */
public interface Connections {

    /** A page of connections matching {@code query}. */
    CompletionStage<Gathered<ConnectionPage>> list(ConnectionQuery query);

    /** One connection with its channels and backlog; empty when it is not connected anywhere. */
    CompletionStage<Optional<ConnectionInfo>> info(long clientId);

    /**
     * Closes one connection with {@code code} (1000 or 3000..4999) and {@code reason}.
     *
     * @return true when it was open and is now closing; false when it was not connected
     */
    CompletionStage<Boolean> close(long clientId, int code, String reason);

    /** Closes every connection whose context value under {@code key} reads as {@code value}; the number closed. */
    CompletionStage<Gathered<Long>> closeWhere(String key, String value, int code, String reason);

    /** Channels whose name starts with {@code prefix} and sorts after {@code after} (null: from the first), by name. */
    CompletionStage<Gathered<List<ChannelCount>>> channels(String prefix, String after, int limit);

    /** How many connections are subscribed to {@code channel}. */
    CompletionStage<Gathered<Long>> subscribers(String channel);
}
