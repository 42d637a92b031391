package io.mixgate.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The load tool's Netty event loops (native epoll when available, else NIO) and a bootstrap
 * for client connections to loopback. Connections are spread over several loopback source
 * addresses (127.0.0.1, 127.0.0.2, ...) so that tens of thousands of them, and the TIME_WAIT
 * sockets of earlier runs, never run out of ephemeral ports on one source address.
 */
final class ClientLoops implements AutoCloseable {
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final int sourceAddresses;

    ClientLoops(int threads, int sourceAddresses) {
        var factory = new DefaultThreadFactory("bench-io", true);
        if (Epoll.isAvailable()) {
            group = new EpollEventLoopGroup(threads, factory);
            channelClass = EpollSocketChannel.class;
        } else {
            group = new NioEventLoopGroup(threads, factory);
            channelClass = NioSocketChannel.class;
        }
        this.sourceAddresses = Math.max(1, Math.min(250, sourceAddresses));
    }

    EventLoopGroup group() {
        return group;
    }

    String transportName() {
        return channelClass == EpollSocketChannel.class ? "epoll" : "nio";
    }

    /** A bootstrap for connection number {@code index}, bound to its loopback source address. */
    Bootstrap bootstrap(int index, ChannelHandler initializer) {
        return new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .localAddress(new InetSocketAddress("127.0.0." + (1 + index % sourceAddresses), 0))
                .handler(initializer);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
