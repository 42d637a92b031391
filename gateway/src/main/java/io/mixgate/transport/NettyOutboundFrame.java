package io.mixgate.transport;

import io.mixgate.session.OutboundFrame;
import io.netty.buffer.ByteBuf;

/**
 * A message's wire bytes for one format (a complete WebSocket frame, or a script's encoding), in
 * one buffer; each write sends a retained duplicate of it, so N writes share one buffer.
 * Ownership as {@link OutboundFrame}: the creator releases it once after its last write.
 */
final class NettyOutboundFrame implements OutboundFrame {
    private final ByteBuf wire;

    NettyOutboundFrame(ByteBuf wire) {
        this.wire = wire;
    }

    /** A new reference to the same bytes with its own indexes, owned by the caller (normally handed to a write). */
    ByteBuf retainedDuplicate() {
        return wire.retainedDuplicate();
    }

    /** The creator's buffer, for holding an extra reference while writes are queued ({@code retain}/{@code release}). */
    ByteBuf buffer() {
        return wire;
    }

    @Override
    public void release() {
        wire.release();
    }
}
