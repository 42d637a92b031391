package io.mixgate.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Opens subscriber connections with at most {@code concurrency} setups in flight, and closes
 * them. Counts failures and records each setup time (TCP connect + handshake + target setup).
 * Bounded: stops waiting at the deadline and counts what has not finished as failed.
 */
final class Subscribers implements AutoCloseable {
    private final ClientLoops loops;
    private final InetSocketAddress server;
    private final InetSocketAddress second;
    private final DeliveryCounters counters;
    private final boolean deflate;
    private final ConcurrentLinkedQueue<Channel> open = new ConcurrentLinkedQueue<>();
    final LatencyRecorder setupTime = new LatencyRecorder();
    final AtomicLong failures = new AtomicLong();
    volatile String firstFailureReason;
    private final SslContext tls; // null = ws://

    Subscribers(ClientLoops loops, InetSocketAddress server, DeliveryCounters counters) {
        this(loops, server, null, counters, null, false);
    }

    /** With {@code tls} non-null, connections speak {@code wss://}. */
    Subscribers(ClientLoops loops, InetSocketAddress server, DeliveryCounters counters, SslContext tls) {
        this(loops, server, null, counters, tls, false);
    }

    /**
     * With {@code second} non-null, odd-numbered connections go to it (two nodes of a mesh); with
     * {@code tls} non-null, connections speak {@code wss://}; with {@code deflate}, every connection
     * offers permessage-deflate (Netty's client extension).
     */
    Subscribers(ClientLoops loops, InetSocketAddress server, InetSocketAddress second, DeliveryCounters counters,
                SslContext tls, boolean deflate) {
        this.tls = tls;
        this.deflate = deflate;
        this.loops = loops;
        this.server = server;
        this.second = second;
        this.counters = counters;
    }

    /**
     * Opens {@code count} connections, the i-th with {@code subscription.apply(i)}.
     *
     * @return how many are ready (subscribed) when all finished or the timeout passed
     */
    long open(int count, int concurrency, IntFunction<Target.Subscription> subscription, long timeoutMillis)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(count);
        AtomicLong ready = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < count; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            Target.Subscription sub = subscription.apply(i);
            SubscriberHandler handler = new SubscriberHandler(sub.setup(), counters);
            handler.ready().whenComplete((nanos, error) -> {
                if (error == null) {
                    setupTime.record(nanos);
                    ready.incrementAndGet();
                } else {
                    failed(error.getMessage());
                }
                slots.release();
                done.countDown();
            });
            InetSocketAddress to = second != null && i % 2 == 1 ? second : server;
            URI uri = URI.create((tls == null ? "ws://" : "wss://") + to.getHostString() + ":" + to.getPort() + sub.path());
            loops.bootstrap(i, initializer(uri, handler)).connect(to).addListener(f -> {
                if (f.isSuccess()) {
                    open.add(((ChannelFuture) f).channel());
                } else {
                    handler.ready().completeExceptionally(f.cause());
                }
            });
        }
        long left = deadline - System.nanoTime();
        done.await(Math.max(0, left), TimeUnit.NANOSECONDS);
        return ready.get(); // the caller counts count - ready as failed, unfinished ones included
    }

    private void failed(String reason) {
        if (failures.getAndIncrement() == 0) {
            firstFailureReason = reason;
        }
    }

    private ChannelInitializer<SocketChannel> initializer(URI uri, SubscriberHandler handler) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders())
                .handshakeTimeoutMillis(30_000)
                .maxFramePayloadLength(1 << 20)
                .dropPongFrames(true)
                .allowExtensions(deflate) // RSV1 marks a compressed message
                .build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new WireBytes(counters.wireBytes));
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), uri.getHost(), uri.getPort()));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024));
                if (deflate) {
                    ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                }
                ch.pipeline().addLast(new WebSocketClientProtocolHandler(config), handler);
            }
        };
    }

    int openCount() {
        return (int) open.stream().filter(Channel::isActive).count();
    }

    /** Closes every connection and waits up to 20 s for them to go. */
    @Override
    public void close() {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel ch : open) {
            closing.add(ch.close());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (var f : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            f.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left));
        }
        open.clear();
    }
}
