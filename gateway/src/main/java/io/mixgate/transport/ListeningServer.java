package io.mixgate.transport;

import io.mixgate.config.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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
 * What every {@code servers[]} listener does whatever its protocol: bind with the server's buffer
 * and backlog settings on the node's event loops, keep the open connections, refuse addresses over
 * {@code maxConnectionsPerSecondPerIp}, count slow-consumer closes, stop accepting, close. The
 * protocol adds its pipeline ({@link #childHandler}) and its goodbye ({@link #sayGoodbye}).
 *
 * <p>Not thread-safe for start and close (one thread); the figures may be read from any thread.
 */
abstract class ListeningServer implements ClientServer {
    protected final ServerConfig config;
    protected final ChannelGroup openChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    protected final PerIpAcceptLimit perIpLimit; // null = no limit
    protected final LongAdder slowConsumerCloses = new LongAdder();
    private final EventLoops loops;
    private final String name;
    private Channel serverChannel;
    private int boundPort;

    /**
     * @param name      how logs name this server, e.g. {@code "websocket server :6790/ws"}
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}) for the accept rate limit
     */
    ListeningServer(ServerConfig config, EventLoops loops, String name, LongSupplier nanoClock) {
        this.config = config;
        this.loops = loops;
        this.name = name;
        this.perIpLimit = config.maxConnectionsPerSecondPerIp() == 0 ? null
                : new PerIpAcceptLimit(config.maxConnectionsPerSecondPerIp(), name, nanoClock);
    }

    /** The pipeline builder of this server's connections. */
    abstract ChannelHandler childHandler();

    /** Child options beyond the common ones; none by default. */
    void configure(ServerBootstrap bootstrap) {
    }

    /** Tells every open connection the server is going away (a close frame, a script's close); on the caller's thread. */
    abstract void sayGoodbye();

    @Override
    public final void start() throws InterruptedException {
        int high = config.maxOutboundBytes();
        int low = Math.min(config.writeBufferSize(), high / 2);
        ServerBootstrap bootstrap = new ServerBootstrap()
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
                .childHandler(childHandler());
        configure(bootstrap);
        serverChannel = bootstrap.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        // after Netty's acceptor, which pauses accepting for a second on each failure and passes the error on
        Channel bound = serverChannel;
        bound.eventLoop().submit(() -> bound.pipeline().addLast(
                new AcceptErrorLog(name + " " + config.bind() + ":" + port(), System::nanoTime))).sync();
    }

    @Override
    public final int port() {
        return boundPort;
    }

    @Override
    public final int connectionCount() {
        return openChannels.size();
    }

    @Override
    public final long connectionsRefusedPerIp() {
        return perIpLimit == null ? 0 : perIpLimit.refused();
    }

    @Override
    public final long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    @Override
    public final void stopAccepting() {
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Stops accepting, says goodbye to every client, and waits briefly for them to go. */
    @Override
    public final void close() {
        stopAccepting();
        sayGoodbye();
        openChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
