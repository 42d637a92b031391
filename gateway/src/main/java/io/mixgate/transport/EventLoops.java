package io.mixgate.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops every client server of the node shares: one acceptor thread and
 * {@code workers} I/O threads. These threads only move bytes: no Lua, nothing blocking.
 */
public final class EventLoops implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    /** @param workers I/O threads; 0 picks Netty's default (twice the cores) */
    public EventLoops(int workers) {
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("mixgate-accept"));
        this.workers = new NioEventLoopGroup(workers, new DefaultThreadFactory("mixgate-io"));
    }

    EventLoopGroup boss() {
        return boss;
    }

    EventLoopGroup workers() {
        return workers;
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.terminationFuture().syncUninterruptibly();
    }
}
