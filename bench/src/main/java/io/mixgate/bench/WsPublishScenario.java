package io.mixgate.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * publish-ws: the back-office API over mixgate's WebSocket API {@code /ws/v1}, closed loop, with
 * {@code depth} requests in flight on each of {@code connections} connections: requests per
 * second, request latency and server CPU per request, beside the HTTP keep-alive publish
 * scenario. Messages go to a channel nobody subscribes to. A target without {@code /ws/v1}
 * (nchan) is skipped.
 */
final class WsPublishScenario {
    private static final int VARIANTS = 64;
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(15);

    private WsPublishScenario() {
    }

    static Result run(BenchOptions o, Target target, Probes probes, ClientLoops loops) throws InterruptedException {
        Result result = new Result(o.scenario(), target.name(), o.label());
        if (!target.name().equals("mixgate")) {
            return result.put("skipped", target.name() + " has no WebSocket publish API");
        }
        List<Target.Publish> requests = new ArrayList<>();
        for (int v = 0; v < VARIANTS; v++) {
            requests.add(target.publishPublic(Payload.create(System.nanoTime(), v)));
        }
        PublishStats stats = new PublishStats();
        AtomicLong next = new AtomicLong();
        long[] deadline = {Long.MAX_VALUE};
        List<WsPublishConnection> handlers = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        URI uri = URI.create("ws://" + o.http().getHostString() + ":" + o.http().getPort() + "/ws/v1");
        try {
            for (int i = 0; i < o.connections(); i++) {
                WsPublishConnection handler = new WsPublishConnection(stats, o.depth(),
                        () -> System.nanoTime() < deadline[0] ? requests.get((int) (next.getAndIncrement() % VARIANTS)) : null);
                channels.add(loops.bootstrap(i, initializer(uri, handler)).connect(o.http()).syncUninterruptibly().channel());
                handlers.add(handler);
            }
            for (WsPublishConnection h : handlers) {
                h.ready().join();
            }
            CpuWindow cpu = probes.startCpu();
            long start = System.nanoTime();
            deadline[0] = start + Math.round(o.seconds() * 1e9);
            handlers.forEach(WsPublishConnection::start);
            while (System.nanoTime() < deadline[0]) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            long drainEnd = System.nanoTime() + DRAIN_NANOS;
            while (stats.inFlight() > 0 && System.nanoTime() < drainEnd) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            long nanos = System.nanoTime() - start;
            cpu.end();
            double seconds = nanos / 1e9;
            result.put("connections", o.connections()).put("depth", o.depth()).put("seconds", seconds)
                    .put("requests_ok", stats.okRequests.sum())
                    .put("requests_failed", stats.failedRequests.sum())
                    .put("requests_per_s", stats.okRequests.sum() / seconds)
                    .put("messages_per_s", stats.okMessages.sum() / seconds);
            stats.latency.report(result, "latency_");
            cpu.report(result);
            cpu.reportPer(result, "request", stats.okRequests.sum() + stats.failedRequests.sum());
            if (stats.firstError != null) {
                result.put("first_error", stats.firstError);
            }
            return result;
        } finally {
            for (Channel ch : channels) {
                ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
    }

    private static ChannelInitializer<SocketChannel> initializer(URI uri, WsPublishConnection handler) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders())
                .handshakeTimeoutMillis(30_000)
                .maxFramePayloadLength(1 << 20)
                .dropPongFrames(true)
                .build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024),
                        new WebSocketClientProtocolHandler(config), handler);
            }
        };
    }
}
