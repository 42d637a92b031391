package io.mixgate.transport;

import io.mixgate.api.PublishResult;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.Session;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Netty transport's {@link FrameFanout}: groups a message's subscribers by event loop and
 * hands each loop a single task that writes the shared frame to all of its connections, then
 * flushes them once per batch ({@link LoopBatch}). Whether a connection can take the message is
 * decided here, on the caller's thread, as for a single write, so the counts are exact.
 *
 * <p>Thread-safe; never blocks.
 */
public final class EventLoopFanout implements FrameFanout {
    private final ConcurrentHashMap<EventLoop, LoopBatch> batches = new ConcurrentHashMap<>();

    @Override
    public PublishResult writeAll(OutboundFrame frame, Collection<Session> sessions) {
        NettyOutboundFrame wire = (NettyOutboundFrame) frame;
        Map<EventLoop, List<NettyClientTransport>> byLoop = new IdentityHashMap<>(8);
        int expectedPerLoop = Math.max(4, sessions.size() / 2);
        long delivered = 0;
        long failed = 0;
        for (Session session : sessions) {
            ClientTransport transport = session.transport();
            if (!(transport instanceof NettyClientTransport netty)) {
                if (transport.write(frame)) {
                    delivered++;
                } else {
                    failed++;
                }
                continue;
            }
            if (!netty.canTake()) {
                failed++;
                continue;
            }
            delivered++;
            byLoop.computeIfAbsent(netty.eventLoop(), l -> new ArrayList<>(expectedPerLoop)).add(netty);
        }
        for (Map.Entry<EventLoop, List<NettyClientTransport>> e : byLoop.entrySet()) {
            batches.computeIfAbsent(e.getKey(), LoopBatch::new).write(wire.buffer().retain(), e.getValue());
        }
        return new PublishResult(delivered, failed);
    }
}
