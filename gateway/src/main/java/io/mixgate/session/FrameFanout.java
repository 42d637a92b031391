package io.mixgate.session;

import io.mixgate.core.PublishResult;
import java.util.Collection;

/**
 * Writes one message to many connections at once. The transport behind it decides how to
 * group the writes (mixgate's Netty transport hands each event loop one task per message and
 * flushes once per loop batch), so the fan-out code never sees threads or sockets.
 *
 * <p>Thread safety: implementations are thread-safe and never block.
 */
public interface FrameFanout {

    /**
     * Queues {@code message} for every session in {@code sessions}, encoded once per wire format
     * among them. The caller keeps ownership of {@code message} and releases it afterwards; the
     * transport takes the references it needs.
     *
     * @return how many connections the message was queued for, and how many could not take it
     *         (closed, over their outbound limit, or their format could not encode it)
     */
    PublishResult writeAll(OutboundMessage message, Collection<Session> sessions);
}
