package io.mixgate.bench;

import java.util.List;

/**
 * A server under test, as the scenarios see it: where a subscriber connects, what it sends to
 * get subscribed, and how a message is published. The scenarios speak only through this, so
 * mixgate and nchan run exactly the same load.
 */
interface Target {

    /** A subscription: the WebSocket path to open and the messages to send after the handshake,
     *  each of which must be answered by {@code {"result":true}} before the next is sent. */
    record Subscription(String path, List<String> setup) {
    }

    /** One publish request: an HTTP POST of {@code body} to {@code path}, carrying {@code messages} messages. */
    record Publish(String path, byte[] body, String contentType, int messages) {
    }

    String name();

    /** The symbol of this run's public channel (for mixgate: the channel is {@code ex:<symbol>@depth}). */
    String publicSymbol();

    /** A subscriber of the public channel of this run. */
    Subscription publicSubscriber();

    /** User {@code user}'s subscription to their private channel (authenticated where the target authenticates). */
    Subscription privateSubscriber(long user);

    Publish publishPublic(String payload);

    Publish publishPrivate(long user, String payload);

    /** A batch of messages to the public channel in one request, or null when the target has no batch publish. */
    Publish publishBatch(List<String> payloads);

    /** Whether the server answered a publish with success. */
    boolean publishSucceeded(int status, String body);
}
