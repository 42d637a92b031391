package io.mixgate.transport;

import io.mixgate.core.PublishResult;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.Session;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
        // a node has a handful of loops: a linear scan over them beats a map lookup per subscriber
        EventLoop[] loops = new EventLoop[4];
        List<List<NettyClientTransport>> groups = new ArrayList<>(4);
        int perLoop = Math.max(4, sessions.size() / 2);
        int used = 0;
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
            EventLoop loop = netty.eventLoop();
            int i = 0;
            while (i < used && loops[i] != loop) {
                i++;
            }
            if (i == used) {
                if (used == loops.length) {
                    loops = Arrays.copyOf(loops, used * 2);
                }
                loops[used++] = loop;
                groups.add(new ArrayList<>(perLoop));
            }
            groups.get(i).add(netty);
        }
        for (int i = 0; i < used; i++) {
            batches.computeIfAbsent(loops[i], LoopBatch::new).write(wire.buffer().retain(), groups.get(i));
        }
        return new PublishResult(delivered, failed);
    }
}
