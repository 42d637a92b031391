package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.mixgate.session.ConnectionListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One {@code servers[]} entry: a WebSocket listener on its port and path, its connections
 * reported to a {@link ConnectionListener}. Not thread-safe: start and close from one thread.
 */
public final class WebSocketServer implements ClientServer {
    private final ServerConfig config;
    private final EventLoops loops;
    private final ConnectionListener listener;
    private final ChannelGroup openChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final LongSupplier nanoClock;
    private final PerIpAcceptLimit perIpLimit; // null = no limit
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final WebSocketFormats formats;
    private final ServerTls tls; // null = plain ws://
    private Channel serverChannel;
    private int boundPort;

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) for the rate limits */
    public WebSocketServer(ServerConfig config, EventLoops loops, ConnectionListener listener, LongSupplier nanoClock) {
        this(config, loops, listener, nanoClock, null);
    }

    /**
     * A server that speaks TLS ({@code wss://}) with {@code tls}'s current context when it is not null.
     * The caller owns {@code tls} and closes it after this server.
     */
    public WebSocketServer(ServerConfig config, EventLoops loops, ConnectionListener listener, LongSupplier nanoClock,
                           ServerTls tls) {
        this.tls = tls;
        this.config = config;
        this.loops = loops;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.formats = new WebSocketFormats(config.compression());
        this.perIpLimit = config.maxConnectionsPerSecondPerIp() == 0 ? null
                : new PerIpAcceptLimit(config.maxConnectionsPerSecondPerIp(), "server :" + config.port() + config.path(), nanoClock);
    }

    /** Binds the port; throws if it is taken. */
    @Override
    public void start() throws InterruptedException {
        int high = config.maxOutboundBytes();
        int low = Math.min(config.writeBufferSize(), high / 2);
        serverChannel = new ServerBootstrap()
                .group(loops.boss(), loops.workers())
                .channel(loops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                // NIO sets this by default, native epoll does not: a restarted node must rebind
                // its port while the last run's connections sit in TIME_WAIT
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(low, high))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(64, config.readBufferSize(), 64 * 1024))
                .childHandler(new WebSocketChannelInitializer(config, listener, openChannels, perIpLimit, nanoClock, slowConsumerCloses, formats, tls))
                .bind(new InetSocketAddress(config.bind(), config.port()))
                .sync()
                .channel();
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        // after Netty's acceptor, which pauses accepting for a second on each failure and passes the error on
        Channel bound = serverChannel;
        bound.eventLoop().submit(() -> bound.pipeline().addLast(
                new AcceptErrorLog("websocket server " + config.bind() + ":" + port(), System::nanoTime))).sync();
    }

    /** The bound port (the real one when the config asked for port 0). */
    @Override
    public int port() {
        return boundPort;
    }

    /** New connections closed at accept by {@code maxConnectionsPerSecondPerIp} since start. */
    @Override
    public long connectionsRefusedPerIp() {
        return perIpLimit == null ? 0 : perIpLimit.refused();
    }

    /** Connections closed since start because their outbound buffer stayed full past {@code writeTimeout}. */
    @Override
    public long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    /** Published or sent messages compressed since start: once per message and window, shared by its subscribers. */
    @Override
    public long compressedMessages() {
        return formats.compressions();
    }

    @Override
    public int connectionCount() {
        return openChannels.size();
    }

    /**
     * Closes the listening socket: no new client can connect (the balancer sends it to another
     * node); connections already open stay. Idempotent.
     */
    @Override
    public void stopAccepting() {
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Stops accepting, sends every client a going-away close frame, and waits briefly for them to go. */
    @Override
    public void close() {
        stopAccepting();
        openChannels.writeAndFlush(new CloseWebSocketFrame(1001, "server shutting down"),
                ch -> ch.pipeline().get(WebSocketSessionHandler.class) != null && isUpgraded(ch));
        openChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private static boolean isUpgraded(Channel ch) {
        return ch.pipeline().get(io.netty.handler.codec.http.HttpServerCodec.class) == null;
    }
}
