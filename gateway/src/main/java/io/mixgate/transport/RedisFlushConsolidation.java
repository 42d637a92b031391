package io.mixgate.transport;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Lets Lettuce's connections send many commands in one write. Lettuce flushes after every
 * command; a publish batch of 500 messages, or many API requests publishing at once, would cost
 * one {@code write} syscall per command. With Netty's {@link FlushConsolidationHandler} first in
 * each Redis channel's pipeline, a flush that arrives while the connection's event loop is busy
 * is deferred to a task queued behind the work already waiting, so the commands written in the
 * meantime leave together; an idle connection still flushes within the same loop turn, so a lone
 * command is not delayed by a timer.
 *
 * <p>Stateless; one instance serves every connection.
 */
public final class RedisFlushConsolidation implements NettyCustomizer {
    /** Flush at the latest after this many deferred flushes, so a steady stream still leaves in bounded chunks. */
    private static final int MAX_DEFERRED_FLUSHES = 256;

    @Override
    public void afterChannelInitialized(Channel channel) {
        channel.pipeline().addFirst("mixgate-flush-consolidation", new FlushConsolidationHandler(MAX_DEFERRED_FLUSHES, true));
    }
}
