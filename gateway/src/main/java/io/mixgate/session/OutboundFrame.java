package io.mixgate.session;

/**
 * A message encoded once into wire bytes by a {@link WireFormat}, to be written to one or many
 * connections of that format.
 *
 * <p>Ownership: whoever obtained the frame from {@link WireFormat#encode} owns one reference and
 * must call {@link #release()} exactly once, after the last write ({@link OutboundMessage} does
 * this for the frames it caches).
 */
public interface OutboundFrame {

    /** Drops the creator's reference; writes already queued keep their own. */
    void release();
}
