package io.mixgate.transport;

import io.mixgate.core.PublishResult;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.Session;
import io.mixgate.session.WireFormat;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Netty transport's {@link FrameFanout}: encodes the message once per wire format among the
 * subscribers (on the caller's thread, never an event loop: a raw TCP server's encoder is a
 * script), groups the subscribers by event loop and format, and hands each loop a single task per
 * group that writes the shared bytes to all of its connections, then flushes them once per batch
 * ({@link LoopBatch}). Whether a connection can take the message is decided here, on the caller's
 * thread, as for a single write, so the counts are exact.
 *
 * <p>Thread-safe; never blocks.
 */
public final class EventLoopFanout implements FrameFanout {
    private final ConcurrentHashMap<EventLoop, LoopBatch> batches = new ConcurrentHashMap<>();

    @Override
    public PublishResult writeAll(OutboundMessage message, Collection<Session> sessions) {
        // a node has a handful of loops and a message one or two formats: linear scans over the
        // (loop, frame) groups beat a map lookup per subscriber
        EventLoop[] loops = new EventLoop[4];
        NettyOutboundFrame[] frames = new NettyOutboundFrame[4];
        List<List<ChannelTransport>> groups = new ArrayList<>(4);
        int perGroup = Math.max(4, sessions.size() / 2);
        int used = 0;
        long delivered = 0;
        long failed = 0;
        WireFormat lastFormat = null;
        OutboundFrame lastFrame = null;
        for (Session session : sessions) {
            ClientTransport transport = session.transport();
            if (!(transport instanceof ChannelTransport netty)) {
                if (transport.write(message)) {
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
            WireFormat format = netty.format();
            if (format != lastFormat) {
                lastFormat = format;
                lastFrame = message.frameFor(format);
            }
            if (lastFrame == null) {
                failed++;
                continue;
            }
            delivered++;
            EventLoop loop = netty.eventLoop();
            int i = 0;
            while (i < used && (loops[i] != loop || frames[i] != lastFrame)) {
                i++;
            }
            if (i == used) {
                if (used == loops.length) {
                    loops = Arrays.copyOf(loops, used * 2);
                    frames = Arrays.copyOf(frames, used * 2);
                }
                loops[used] = loop;
                frames[used] = (NettyOutboundFrame) lastFrame;
                used++;
                groups.add(new ArrayList<>(perGroup));
            }
            groups.get(i).add(netty);
        }
        for (int i = 0; i < used; i++) {
            batches.computeIfAbsent(loops[i], LoopBatch::new).write(frames[i].buffer().retain(), groups.get(i));
        }
        return new PublishResult(delivered, failed);
    }
}
