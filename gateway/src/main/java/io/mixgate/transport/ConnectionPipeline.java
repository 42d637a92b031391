package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The start of every client connection's pipeline, whatever the protocol: the per-address accept
 * limit (checked before a byte is read), TLS first so every byte in and out passes it (its
 * handshake within {@code handshakeTimeout}), {@link OutboundWire} where encoded messages enter
 * (below the protocol's framing, above TLS), and the idle timeout. The protocol adds the rest.
 */
final class ConnectionPipeline {
    private ConnectionPipeline() {
    }

    /**
     * @param perIpLimit null for no limit
     * @param tls        null for plain TCP
     * @return the pipeline to go on with, or null when the connection was refused and closed
     */
    static ChannelPipeline begin(SocketChannel channel, ServerConfig config, PerIpAcceptLimit perIpLimit,
                                 ChannelGroup openChannels, ServerTls tls) {
        if (perIpLimit != null && !perIpLimit.tryAccept(channel.remoteAddress().getAddress())) {
            channel.close(); // before a byte is read: no parsing, no handlers
            return null;
        }
        openChannels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast(tls.newHandler(channel.alloc(), config.handshakeTimeout()));
        }
        pipeline.addLast(OutboundWire.INSTANCE);
        long readTimeoutMillis = config.readTimeout().toMillis();
        if (readTimeoutMillis > 0) {
            pipeline.addLast(new IdleStateHandler(readTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        return pipeline;
    }
}
