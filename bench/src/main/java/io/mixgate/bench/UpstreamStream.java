package io.mixgate.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams bench payloads on a provider connection at a fixed rate, open loop: every millisecond
 * on the connection's event loop, it writes the frames whose scheduled send time has come (so a
 * late tick catches up instead of lowering the rate), each stamped with its scheduled time.
 */
final class UpstreamStream {
    private final Channel channel;
    private final double rate;
    private final String payload;
    private final CountDownLatch done = new CountDownLatch(1);
    private long start;
    private long endNanos;
    private long sent;
    private ScheduledFuture<?> tick;

    UpstreamStream(Channel channel, double rate, String payload) {
        this.channel = channel;
        this.rate = rate;
        this.payload = payload;
    }

    /** Streams for {@code seconds} and returns the number of frames written. */
    long run(double seconds) throws InterruptedException {
        channel.eventLoop().execute(() -> {
            start = System.nanoTime();
            endNanos = start + (long) (seconds * 1e9);
            tick = channel.eventLoop().scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS);
        });
        done.await();
        return sent;
    }

    private void tick() {
        long now = Math.min(System.nanoTime(), endNanos);
        long due = (long) ((now - start) / 1e9 * rate);
        while (sent < due && channel.isActive()) {
            long sendNanos = start + (long) (sent / rate * 1e9);
            ByteBuf data = ByteBufUtil.writeUtf8(channel.alloc(), Payload.create(sendNanos, sent, payload));
            channel.write(new TextWebSocketFrame(data));
            sent++;
        }
        channel.flush();
        if (now >= endNanos || !channel.isActive()) {
            tick.cancel(false);
            done.countDown();
        }
    }
}
