package io.mixgate.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Marks where already-encoded message bytes enter a connection's pipeline: below the framing
 * (the WebSocket encoder, a script's framing), above everything that must see every byte (TLS).
 * {@link ChannelTransport} writes from this handler's context, so published messages and script
 * replies skip the per-message framing they already carry and never skip TLS. Passes every
 * write on untouched.
 *
 * <p>Stateless; one instance serves every channel.
 */
@ChannelHandler.Sharable
final class OutboundWire extends ChannelOutboundHandlerAdapter {
    static final OutboundWire INSTANCE = new OutboundWire();

    private OutboundWire() {
    }
}
