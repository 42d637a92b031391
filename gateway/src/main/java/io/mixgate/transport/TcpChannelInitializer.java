package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.WireFormat;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
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
        ChannelPipeline pipeline = ConnectionPipeline.begin(channel, config, perIpLimit, openChannels, tls);
        if (pipeline == null) {
            return;
        }
        pipeline.addLast(new TcpSessionHandler(listener, format, config.writeTimeout(), config.writeDelay(), slowCloses));
    }
}
