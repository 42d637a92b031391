package io.mixgate.session;

import io.mixgate.core.PublishResult;
import java.util.Collection;

/**
 * Writes one encoded frame to many connections at once. The transport behind it decides how to
 * group the writes (mixgate's Netty transport hands each event loop one task per message and
 * flushes once per loop batch), so the fan-out code never sees threads or sockets.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
public interface FrameFanout {

    /**
     * Queues {@code frame} for every session in {@code sessions}. The caller keeps its own
     * reference to {@code frame} and releases it afterwards; the transport takes what it needs.
     *
     * @return how many connections the frame was queued for, and how many could not take it
     *         (closed, or over their outbound limit)
     */
    PublishResult writeAll(OutboundFrame frame, Collection<Session> sessions);
}
