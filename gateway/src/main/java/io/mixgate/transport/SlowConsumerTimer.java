package io.mixgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection's slow-consumer rule, whatever its protocol: when its outbound buffer goes over
 * the high-water mark a timer starts, and if the connection is still unwritable when it fires
 * ({@code writeTimeout} later) it is counted and closed. Event loop only.
 */
final class SlowConsumerTimer {
    private final Duration writeTimeout;
    private final LongAdder slowCloses;
    private ScheduledFuture<?> timer;

    /**
     * @param writeTimeout how long the buffer may stay over its limit; zero = never close
     * @param slowCloses   counts the connections closed this way (shared by a server's connections)
     */
    SlowConsumerTimer(Duration writeTimeout, LongAdder slowCloses) {
        this.writeTimeout = writeTimeout;
        this.slowCloses = slowCloses;
    }

    /** The close error a connection closed by this rule reports. */
    String reason() {
        return "slow consumer: outbound buffer full for " + writeTimeout.toMillis() + " ms";
    }

    /**
     * Call from {@code channelWritabilityChanged}. {@code close} runs (after the count) when the
     * timeout passes with the connection still unwritable; it records the reason and closes.
     */
    void writabilityChanged(ChannelHandlerContext ctx, Runnable close) {
        if (!ctx.channel().isWritable() && timer == null && !writeTimeout.isZero()) {
            timer = ctx.executor().schedule(() -> {
                timer = null;
                if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
                    slowCloses.increment();
                    close.run();
                }
            }, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Call from {@code channelInactive}. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
