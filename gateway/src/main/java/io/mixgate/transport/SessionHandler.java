package io.mixgate.transport;

import io.mixgate.session.ConnectionListener;
import io.mixgate.session.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client connection's last handler does whatever the protocol: keeps its session, pauses
 * reading while the script lane is backlogged, closes a slow consumer, and reports the end of the
 * connection with why it ended. The protocol ({@link WebSocketSessionHandler}, {@link TcpSessionHandler})
 * opens the session, reads messages and closes in its own way. Event loop only; never blocks.
 */
abstract class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    protected final ConnectionListener listener;
    protected final long writeDelayNanos;
    private final SlowConsumerTimer slowConsumer;
    protected ChannelHandlerContext ctx;
    protected Session session;
    /** Why the connection ended, as {@code on_close} sees it; null = a normal close. */
    protected String closeError;
    protected boolean closing;
    protected boolean readingPaused;

    /**
     * @param writeTimeout how long the outbound buffer may stay over its limit before the connection is closed
     * @param writeDelay   how long fan-out writes may wait for more before they are flushed (0 = at once)
     * @param slowCloses   counts the connections closed as slow consumers (shared by a server's connections)
     * @param closeError   the close error until the protocol records another one
     */
    SessionHandler(ConnectionListener listener, Duration writeTimeout, Duration writeDelay, LongAdder slowCloses,
                   String closeError) {
        this.listener = listener;
        this.writeDelayNanos = writeDelay.toNanos();
        this.slowConsumer = new SlowConsumerTimer(writeTimeout, slowCloses);
        this.closeError = closeError;
    }

    /** Whether reading must go on whatever the script's backlog (e.g. waiting for the peer's close answer). */
    abstract boolean readingPinned();

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the close has begun (nothing more may be written); on the event loop only. */
    final boolean isClosing() {
        return closing;
    }

    /** Stops or resumes reading from the socket as the script lane's backlog grows or drains. */
    final void updateReading() {
        if (session == null || readingPinned()) {
            return;
        }
        boolean pause = session.lane().isBacklogged(readingPaused);
        if (pause != readingPaused) {
            readingPaused = pause;
            ctx.channel().config().setAutoRead(!pause);
            log.debug("conn={} reading {}", session.idString(), pause ? "paused: script backlog" : "resumed");
        }
    }

    @Override
    public final void channelWritabilityChanged(ChannelHandlerContext ctx) {
        slowConsumer.writabilityChanged(ctx, () -> {
            if (!closing) {
                closeError = slowConsumer.reason();
                closing = true;
                ctx.close();
            }
        });
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        slowConsumer.cancel();
        if (session != null) {
            Session s = session;
            session = null;
            listener.closed(s, closeError);
        }
    }
}
