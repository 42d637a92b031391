package io.mixgate.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * One keep-alive HTTP/1.1 connection of the publisher, with up to {@code depth} requests in
 * flight (pipelined when above one; responses come back in order). Requests come either from
 * {@link #submit} (open loop) or from a refill supplier that is asked after every response
 * (closed loop; it returns null when time is up). Runs on its channel's event loop; {@link #submit}
 * may be called from any thread. Requests go out as prebuilt bytes ({@link PublishRequestEncoder}) and
 * answers come in through {@link PublishResponseDecoder}, the lightest way to speak HTTP/1.1 here.
 */
final class PublishConnection extends SimpleChannelInboundHandler<PublishResponseDecoder.Response> {
    /** A request and the time it counts from (its scheduled time in open loop). */
    record Call(Target.Publish publish, long startNanos) {
    }

    private final Target target;
    private final PublishRequestEncoder encoder;
    private final PublishStats stats;
    private final int depth;
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
    private volatile Supplier<Target.Publish> refill;
    private Channel channel;

    PublishConnection(Target target, String host, PublishStats stats, int depth) {
        this.target = target;
        this.encoder = new PublishRequestEncoder(host);
        this.stats = stats;
        this.depth = depth;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    void submit(Call call) {
        stats.sent.increment();
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                stats.answered(call.publish(), false, 0, "connection closed");
                return;
            }
            waiting.add(call);
            pump();
        });
    }

    /** Starts a closed loop: fills the pipeline and keeps it full until {@code next} returns null. */
    void closedLoop(Supplier<Target.Publish> next) {
        refill = next;
        channel.eventLoop().execute(() -> {
            for (int i = 0; i < depth; i++) {
                Target.Publish p = next.get();
                if (p == null) {
                    break;
                }
                stats.sent.increment();
                waiting.add(new Call(p, 0));
            }
            pump();
        });
    }

    private void pump() {
        boolean wrote = false;
        while (inFlight.size() < depth && !waiting.isEmpty() && channel.isActive()) {
            Call call = waiting.poll();
            if (call.startNanos() == 0) {
                call = new Call(call.publish(), System.nanoTime());
            }
            inFlight.add(call);
            channel.write(encoder.encode(channel.alloc(), call.publish()), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PublishResponseDecoder.Response response) {
        Call call = inFlight.poll();
        if (call == null) {
            return;
        }
        int status = response.status();
        String body = response.body();
        boolean ok = target.publishSucceeded(status, body);
        stats.answered(call.publish(), ok, System.nanoTime() - call.startNanos(),
                ok ? null : status + " " + body.substring(0, Math.min(200, body.length())));
        Supplier<Target.Publish> next = refill;
        if (next != null) {
            Target.Publish p = next.get();
            if (p != null) {
                stats.sent.increment();
                waiting.add(new Call(p, 0));
            }
        }
        pump();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Call call : inFlight) {
            stats.answered(call.publish(), false, System.nanoTime() - call.startNanos(), "connection closed");
        }
        for (Call call : waiting) {
            stats.answered(call.publish(), false, 0, "connection closed");
        }
        inFlight.clear();
        waiting.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (stats.firstError == null) {
            stats.firstError = cause.toString();
        }
        ctx.close();
    }
}
