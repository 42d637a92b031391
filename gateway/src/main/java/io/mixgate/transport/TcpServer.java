package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.mixgate.session.MessageEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One {@code servers[]} entry with {@code protocol: socket}: a raw TCP listener whose bytes the
 * server's script frames ({@code protocol_input}/{@code protocol_decode} on each connection's
 * script lane, {@code protocol_encode} once per outgoing message through {@link TcpFrameFormat}).
 * Shares the node's event loops with the WebSocket servers. Not thread-safe: start and close
 * from one thread.
 */
public final class TcpServer implements ClientServer {
    private final ServerConfig config;
    private final EventLoops loops;
    private final ConnectionListener listener;
    private final ChannelGroup openChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final PerIpAcceptLimit perIpLimit; // null = no limit
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final TcpFrameFormat format;
    private final ServerTls tls; // null = plain TCP
    private Channel serverChannel;
    private int boundPort;

    /**
     * @param encoder   the script's {@code protocol_encode}
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) for the accept rate limit
     * @param tls       the server's TLS contexts, or null for plain TCP
     */
    public TcpServer(ServerConfig config, EventLoops loops, ConnectionListener listener, MessageEncoder encoder,
                     LongSupplier nanoClock, ServerTls tls) {
        this.tls = tls;
        this.config = config;
        this.loops = loops;
        this.listener = listener;
        this.format = new TcpFrameFormat(encoder);
        this.perIpLimit = config.maxConnectionsPerSecondPerIp() == 0 ? null
                : new PerIpAcceptLimit(config.maxConnectionsPerSecondPerIp(), "socket server :" + config.port(), nanoClock);
    }

    @Override
    public void start() throws InterruptedException {
        int high = config.maxOutboundBytes();
        int low = Math.min(config.writeBufferSize(), high / 2);
        serverChannel = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true) // as WebSocketServer: rebind past TIME_WAIT
                .childOption(ChannelOption.TCP_NODELAY, true)
                // a client that half-closes (nc at end of input) still gets its replies
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(low, high))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(64, config.readBufferSize(), 64 * 1024))
                .childHandler(new TcpChannelInitializer(config, listener, openChannels, perIpLimit, format, slowConsumerCloses, tls))
                .bind(new InetSocketAddress(config.bind(), config.port()))
                .sync()
                .channel();
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        Channel bound = serverChannel;
        bound.eventLoop().submit(() -> bound.pipeline().addLast(
                new AcceptErrorLog("socket server " + config.bind() + ":" + port(), System::nanoTime))).sync();
    }

    @Override
    public int port() {
        return boundPort;
    }

    @Override
    public int connectionCount() {
        return openChannels.size();
    }

    @Override
    public long connectionsRefusedPerIp() {
        return perIpLimit == null ? 0 : perIpLimit.refused();
    }

    @Override
    public long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    @Override
    public long scriptEncodedMessages() {
        return format.encodings();
    }

    @Override
    public void stopAccepting() {
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /**
     * Stops accepting and closes every connection after flushing what is queued to it; scripts see
     * {@code on_close} err "server shutting down" (raw TCP has no goodbye of its own, and the
     * script's protocol may not either).
     */
    @Override
    public void close() {
        stopAccepting();
        for (Channel channel : openChannels) {
            TcpSessionHandler handler = channel.pipeline().get(TcpSessionHandler.class);
            if (handler != null) {
                channel.eventLoop().execute(() -> handler.closeWith("server shutting down"));
            }
        }
        openChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
