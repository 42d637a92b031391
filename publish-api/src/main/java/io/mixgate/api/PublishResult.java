package io.mixgate.api;

/**
 * The outcome of one publish: CONNMIX's {@code {"s":delivered,"f":failed}}.
 *
 * @param delivered subscriber connections the message was handed to (written to their outbound buffer)
 * @param failed    subscriber connections it could not be handed to (closing, or over their outbound limit)
 */
public record PublishResult(long delivered, long failed) {
    public static final PublishResult NONE = new PublishResult(0, 0);

    public PublishResult plus(PublishResult other) {
        return new PublishResult(delivered + other.delivered, failed + other.failed);
    }
}
