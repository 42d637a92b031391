package io.mixgate.bench;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The back-office side of the load: {@code connections} keep-alive HTTP connections to the
 * target's publish endpoint, driven either open-loop at a fixed rate (the fan-out scenarios:
 * a late request still counts from its scheduled time, so a publisher falling behind shows up
 * in latency rather than hiding it) or closed-loop as fast as answers come (the publish API
 * scenario). Every loop is bounded by its duration plus a drain timeout.
 */
final class Publisher implements AutoCloseable {
    /** Makes publish number {@code seq} stamped with {@code sendNanos}. */
    interface PublishFactory {
        Target.Publish make(long seq, long sendNanos);
    }

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(15);
    final PublishStats stats = new PublishStats();
    private final List<PublishConnection> connections = new ArrayList<>();
    private final List<io.netty.channel.Channel> channels = new ArrayList<>();

    Publisher(ClientLoops loops, InetSocketAddress server, Target target, int count, int depth) {
        String host = server.getHostString() + ":" + server.getPort();
        for (int i = 0; i < count; i++) {
            PublishConnection handler = new PublishConnection(target, host, stats, depth);
            var channel = loops.bootstrap(i, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new PublishResponseDecoder(), handler);
                }
            }).connect(server).syncUninterruptibly().channel();
            connections.add(handler);
            channels.add(channel);
        }
    }

    /**
     * Publishes at {@code rate} per second for {@code seconds}. Does not wait for the answers: the
     * caller waits for them together with what they cause ({@link PublishStats#inFlight}).
     *
     * @return the publishing time in nanoseconds (from the first scheduled publish to the last)
     */
    long openLoop(double rate, double seconds, PublishFactory factory) {
        long total = Math.max(1, Math.round(rate * seconds));
        long intervalNanos = Math.round(1e9 / rate);
        long start = System.nanoTime();
        for (long seq = 0; seq < total; seq++) {
            long due = start + seq * intervalNanos;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(Math.min(due - now, 200_000));
            }
            connections.get((int) (seq % connections.size())).submit(new PublishConnection.Call(factory.make(seq, due), due));
        }
        return System.nanoTime() - start;
    }

    /** Keeps every connection busy until {@code seconds} pass; returns the elapsed nanoseconds. */
    long closedLoop(double seconds, Supplier<Target.Publish> factory) {
        long start = System.nanoTime();
        long deadline = start + Math.round(seconds * 1e9);
        Supplier<Target.Publish> bounded = () -> System.nanoTime() < deadline ? factory.get() : null;
        for (PublishConnection c : connections) {
            c.closedLoop(bounded);
        }
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        awaitAnswers();
        return System.nanoTime() - start;
    }

    private void awaitAnswers() {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (stats.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        for (var ch : channels) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
