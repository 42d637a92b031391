package io.mixgate.core;

import java.util.concurrent.CompletionStage;

/**
 * What the back-office API asks of the node. The node implements it; the API never sees
 * Netty, Lua or the broker behind it.
 *
 * <p>Outcomes are honest: a stage that completes exceptionally with
 * {@link OutcomeUnknownException} may or may not have taken effect (handed on, no answer in
 * time); any other exceptional completion means it certainly did not.
 *
 * <p>Thread safety: implementations are safe to call from any thread, including I/O threads:
 * no method blocks. Ownership: {@code data} arrays are not modified and may be kept by the
 * implementation; callers must not modify them afterwards.
 */
public interface MeshOperations {

    /** Publishes {@code data} to every subscriber of {@code channel}. */
    CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type);

    /** Sends {@code data} to the connection with id {@code clientId}. */
    CompletionStage<SendOutcome> send(long clientId, byte[] data, MessageType type);

    /** Runs {@code call} on the connection with id {@code clientId}, on whichever node holds it. */
    CompletionStage<CallOutcome> call(long clientId, ConnCall call);

    /** A snapshot of the node's health, for {@code GET /health}. */
    NodeHealth health();
}
