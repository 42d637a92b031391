package io.mixgate.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops every client server of the node shares: one acceptor thread and
 * {@code workers} I/O threads, which also carry the outgoing connections of {@code mix.http.request}. These threads only move bytes: no Lua, nothing blocking.
 *
 * <p>Which kernel interface moves the bytes ({@link Kind}): Linux's epoll by default where
 * Netty's bundled native library loads (fewer garbage objects and syscalls per event than the
 * JDK's NIO selector); io_uring on request (Linux 5.1+ with io_uring enabled); NIO anywhere else.
 * A requested kind that cannot load falls back to the default, and {@link #transportName()} says
 * what runs. The node picks with {@code node.transport}.
 */
public final class EventLoops implements AutoCloseable {

    /** The kernel interfaces the node can use; {@code AUTO} = epoll where it loads, else NIO. */
    public enum Kind {
        AUTO, EPOLL, IO_URING, NIO;

        /** Parses {@code auto}, {@code epoll}, {@code io_uring} or {@code nio} (any case). */
        public static Kind parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Kind kind;

    /**
     * Uses {@link Kind#AUTO}.
     *
     * @param workers I/O threads; 0 picks Netty's default (twice the cores)
     */
    public EventLoops(int workers) {
        this(workers, Kind.AUTO);
    }

    /** @param workers I/O threads; 0 picks Netty's default (twice the cores) */
    public EventLoops(int workers, Kind requested) {
        this.kind = resolve(requested);
        IoHandlerFactory handlers = switch (kind) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mixgate-accept"), handlers);
        this.workers = new MultiThreadIoEventLoopGroup(workers, new DefaultThreadFactory("mixgate-io"), handlers);
    }

    private static Kind resolve(Kind requested) {
        if (requested == Kind.IO_URING && IoUring.isAvailable()) {
            return Kind.IO_URING;
        }
        if (requested == Kind.NIO) {
            return Kind.NIO;
        }
        return Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
    }

    EventLoopGroup boss() {
        return boss;
    }

    /** The I/O threads; also what the script HTTP client ({@code transport/http}) connects on. Owned by this object. */
    public EventLoopGroup workers() {
        return workers;
    }

    Class<? extends ServerChannel> serverChannelClass() {
        return switch (kind) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /** The class of outgoing TCP channels on {@link #workers()}, e.g. for the script HTTP client. */
    public Class<? extends SocketChannel> clientChannelClass() {
        return switch (kind) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    /** "epoll", "io_uring" or "nio": what runs, for the start-up log. */
    public String transportName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.terminationFuture().syncUninterruptibly();
    }
}
