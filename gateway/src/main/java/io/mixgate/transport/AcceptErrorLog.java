package io.mixgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a listening channel: logs failed accepts (above all {@code EMFILE}, the
 * process at its open-files limit) as one WARN line without a stack trace, then at most one per
 * {@link #INTERVAL_NANOS} with the count of those left out. Netty's acceptor, before this
 * handler, already pauses accepting for a second after each failure; without this handler
 * every pause logged a WARN with a stack trace at the pipeline's tail. Connections already
 * open are not affected: only new ones wait in the listen backlog until descriptors free up.
 *
 * <p>One instance per listening channel, used on its event loop only.
 */
final class AcceptErrorLog extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AcceptErrorLog.class);
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String listener;
    private final LongSupplier nanoTime;
    private long lastLogged;
    private boolean logged;
    private long suppressed;

    AcceptErrorLog(String listener, LongSupplier nanoTime) {
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        long now = nanoTime.getAsLong();
        if (logged && now - lastLogged < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        String limit = String.valueOf(cause.getMessage()).contains("Too many open files")
                ? " (the process is at its open-files limit: raise ulimit -n or lower the load; new connections wait"
                        + " in the backlog, open ones are served)" : "";
        log.warn("{}: cannot accept connections: {}{}{}", listener, cause.getMessage(), limit,
                suppressed > 0 ? "; " + suppressed + " more failures since the last report" : "");
        logged = true;
        lastLogged = now;
        suppressed = 0;
    }
}
