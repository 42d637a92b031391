package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.MessageEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import java.util.function.LongSupplier;

/**
 * One {@code servers[]} entry with {@code protocol: socket}: a raw TCP listener whose bytes the
 * server's script frames ({@code protocol_input}/{@code protocol_decode} on each connection's
 * script lane, {@code protocol_encode} once per outgoing message through {@link TcpFrameFormat}).
 * Shares the node's event loops with the WebSocket servers. Not thread-safe: start and close
 * from one thread.
 */
public final class TcpServer extends ListeningServer {
    private final ConnectionListener listener;
    private final TcpFrameFormat format;
    private final ServerTls tls; // null = plain TCP

    /**
     * @param encoder   the script's {@code protocol_encode}
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) for the accept rate limit
     * @param tls       the server's TLS contexts, or null for plain TCP
     */
    public TcpServer(ServerConfig config, EventLoops loops, ConnectionListener listener, MessageEncoder encoder,
                     LongSupplier nanoClock, ServerTls tls) {
        super(config, loops, "socket server :" + config.port(), nanoClock);
        this.tls = tls;
        this.listener = listener;
        this.format = new TcpFrameFormat(encoder);
    }

    @Override
    ChannelHandler childHandler() {
        return new TcpChannelInitializer(config, listener, openChannels, perIpLimit, format, slowConsumerCloses, tls);
    }

    /** A client that half-closes (nc at the end of its input) still gets its replies. */
    @Override
    void configure(ServerBootstrap bootstrap) {
        bootstrap.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    @Override
    public long scriptEncodedMessages() {
        return format.encodings();
    }

    /**
     * Closes every connection after flushing what is queued to it; scripts see {@code on_close} err
     * "server shutting down" (raw TCP has no goodbye of its own, and the script's protocol may not either).
     */
    @Override
    void sayGoodbye() {
        for (Channel channel : openChannels) {
            TcpSessionHandler handler = channel.pipeline().get(TcpSessionHandler.class);
            if (handler != null) {
                channel.eventLoop().execute(() -> handler.closeWith("server shutting down"));
            }
        }
    }
}
