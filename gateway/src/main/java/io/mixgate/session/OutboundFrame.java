package io.mixgate.session;

/**
 * A message encoded once into a wire frame by {@link FrameEncoder}, to be written to one or
 * many connections with {@link ClientTransport#write}.
 *
 * <p>Ownership: whoever obtained the frame from {@link FrameEncoder#encode} owns one reference
 * and must call {@link #release()} exactly once, after the last write.
 */
public interface OutboundFrame {

    /** Drops the creator's reference; writes already queued keep their own. */
    void release();
}
