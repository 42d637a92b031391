package io.mixgate.core;

/**
 * The outcome of one publish: CONNMIX's {@code {"s":delivered,"f":failed}}, counted in
 * connections across the whole mesh.
 *
 * @param delivered   subscriber connections the message was handed to (written to their outbound buffer)
 * @param failed      subscriber connections it could not be handed to (closing, or over their outbound limit)
 * @param unconfirmed nodes that received the message but did not report their counts in time, so
 *                    their connections are in neither count (0 on a single node; in a mesh counting
 *                    nodes instead of connections, {@code delivered} counts nodes and this is 0)
 */
public record PublishResult(long delivered, long failed, long unconfirmed) {
    public static final PublishResult NONE = new PublishResult(0, 0, 0);

    /** A result whose counts are all known. */
    public PublishResult(long delivered, long failed) {
        this(delivered, failed, 0);
    }

    public PublishResult plus(PublishResult other) {
        return new PublishResult(delivered + other.delivered, failed + other.failed, unconfirmed + other.unconfirmed);
    }
}
