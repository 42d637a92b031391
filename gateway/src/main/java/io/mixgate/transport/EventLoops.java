package io.mixgate.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops every client server of the node shares: one acceptor thread and
 * {@code workers} I/O threads, which also carry the outgoing connections of {@code mix.http.request}. These threads only move bytes: no Lua, nothing blocking.
 *
 * <p>Uses Linux's native epoll transport when Netty's bundled native library loads (it ships in
 * the jar for linux-x86_64 and linux-aarch_64): fewer garbage objects and syscalls per event than
 * the JDK's NIO selector. Anywhere else, or with {@code -Dmixgate.transport=nio}, it uses NIO.
 */
public final class EventLoops implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean epoll;

    /** @param workers I/O threads; 0 picks Netty's default (twice the cores) */
    public EventLoops(int workers) {
        this.epoll = !"nio".equals(System.getProperty("mixgate.transport")) && Epoll.isAvailable();
        DefaultThreadFactory acceptThreads = new DefaultThreadFactory("mixgate-accept");
        DefaultThreadFactory ioThreads = new DefaultThreadFactory("mixgate-io");
        if (epoll) {
            this.boss = new EpollEventLoopGroup(1, acceptThreads);
            this.workers = new EpollEventLoopGroup(workers, ioThreads);
        } else {
            this.boss = new NioEventLoopGroup(1, acceptThreads);
            this.workers = new NioEventLoopGroup(workers, ioThreads);
        }
    }

    EventLoopGroup boss() {
        return boss;
    }

    EventLoopGroup workers() {
        return workers;
    }

    Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The class of outgoing TCP channels on {@link #workers()}, e.g. for the script HTTP client. */
    Class<? extends SocketChannel> clientChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "epoll" or "nio", for the start-up log. */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.terminationFuture().syncUninterruptibly();
    }
}
