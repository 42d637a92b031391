package io.mixgate.script;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where {@code mix.queue.push} puts items: the node's queues, with the node id filled in.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
@FunctionalInterface
public interface ScriptQueues {

    /** No queues: every push fails. */
    ScriptQueues NONE = (topic, clientId, dataJson) ->
            CompletableFuture.failedFuture(new IllegalStateException("queues are not available"));

    /**
     * Appends one item to {@code topic}.
     *
     * @param clientId the pushing connection's id as a decimal string, empty when none
     * @param dataJson the pushed value as JSON text
     * @return completes with the topic's backlog after the push, or exceptionally with why not
     */
    CompletionStage<Long> push(String topic, String clientId, String dataJson);
}
