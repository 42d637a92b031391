package io.mixgate.core;

import java.util.Objects;

/**
 * One item a script pushed with {@code mix.queue.push(topic, data)}, as a consumer receives it
 * in the {@code queue.pop} event {@code {"n":node,"c":client,"t":topic,"d":data}}.
 *
 * <p>Immutable.
 *
 * @param nodeId   the node whose script pushed it
 * @param clientId the connection whose callback pushed it, as a decimal string; empty when none
 * @param topic    the queue's topic
 * @param dataJson the pushed Lua value as JSON text
 */
public record QueueItem(int nodeId, String clientId, String topic, String dataJson) {
    public QueueItem {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(dataJson, "dataJson");
    }
}
