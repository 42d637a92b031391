package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.WireFormat;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** Builds one raw TCP connection's pipeline; nothing else. */
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerConfig config;
    private final ConnectionListener listener;
    private final ChannelGroup openChannels;
    private final PerIpAcceptLimit perIpLimit; // null = no limit
    private final WireFormat format;
    private final LongAdder slowCloses;
    private final ServerTls tls; // null = plain TCP

    /** @param tls the server's TLS contexts, or null for plain TCP */
    TcpChannelInitializer(ServerConfig config, ConnectionListener listener, ChannelGroup openChannels,
                          PerIpAcceptLimit perIpLimit, WireFormat format, LongAdder slowCloses, ServerTls tls) {
        this.tls = tls;
        this.config = config;
        this.listener = listener;
        this.openChannels = openChannels;
        this.perIpLimit = perIpLimit;
        this.format = format;
        this.slowCloses = slowCloses;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (perIpLimit != null && !perIpLimit.tryAccept(channel.remoteAddress().getAddress())) {
            channel.close(); // before a byte is read
            return;
        }
        openChannels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            // first, so every byte in and out passes it; the TLS handshake must end within handshakeTimeout
            pipeline.addLast(tls.newHandler(channel.alloc(), config.handshakeTimeout()));
        }
        // where encoded messages enter (ChannelTransport): below the script's framing, above TLS
        pipeline.addLast(OutboundWire.INSTANCE);
        long readTimeoutMillis = config.readTimeout().toMillis();
        if (readTimeoutMillis > 0) {
            pipeline.addLast(new IdleStateHandler(readTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(new TcpSessionHandler(listener, format, config.writeTimeout(), config.writeDelay(), slowCloses));
    }
}
