package io.mixgate.transport.http;

import io.mixgate.http.ResponseTooLargeException;
import io.mixgate.http.ScriptHttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The end of a client connection's pipeline: runs one request/response exchange at a time and
 * collects the body straight into a {@code byte[]} under a per-request size limit (an
 * {@code HttpObjectAggregator} fixes its limit per connection and copies once more).
 *
 * <p>After a complete response that allows keep-alive the connection goes back to the pool
 * <em>before</em> the exchange completes, so a caller's next request can already reuse it. On any
 * failure the connection closes. Cancelling the future of {@link #send} closes the connection
 * when the exchange is still running.
 *
 * <p>Thread safety: {@link #send} may be called from any thread; all state lives on the channel's
 * event loop.
 */
final class HttpExchangeHandler extends ChannelInboundHandlerAdapter {

    /** The connection failed before any response byte arrived; a reused connection may be retried. */
    static final class NoResponseException extends IOException {
        final boolean reusedConnection;

        NoResponseException(boolean reusedConnection, Throwable cause) {
            super("server closed the connection before responding", cause);
            this.reusedConnection = reusedConnection;
        }
    }

    private static final int MIN_CHUNKED_BODY_CAPACITY = 1024;

    private final Consumer<Channel> onReusable;
    private ChannelHandlerContext ctx;
    private CompletableFuture<ScriptHttpResponse> current;
    private URI uri;
    private boolean head;
    private boolean reused;
    private boolean bytesArrived;
    private boolean informational;
    private int limit;
    private int status;
    private HttpHeaders headers;
    private boolean keepAlive;
    private byte[] body;
    private int length;

    /** @param onReusable takes the channel back after a keep-alive response; called on the event loop */
    HttpExchangeHandler(Consumer<Channel> onReusable) {
        this.onReusable = onReusable;
    }

    /**
     * Writes {@code request} (ownership passes to this method) on {@code channel}, the channel of
     * this handler, and completes with its response.
     *
     * @param reused whether the connection served an earlier exchange (decides if a failure may be retried)
     */
    CompletableFuture<ScriptHttpResponse> send(Channel channel, FullHttpRequest request, URI uri, int limit,
                                               boolean reused) {
        CompletableFuture<ScriptHttpResponse> exchange = new CompletableFuture<>();
        exchange.whenComplete((r, e) -> {
            if (exchange.isCancelled()) {
                channel.close(); // the caller gave up (deadline, interrupt): abort, never reuse
            }
        });
        channel.eventLoop().execute(() -> start(exchange, request, uri, limit, reused));
        return exchange;
    }

    private void start(CompletableFuture<ScriptHttpResponse> exchange, FullHttpRequest request, URI uri, int limit,
                       boolean reused) {
        if (current != null || !ctx.channel().isActive()) {
            request.release();
            exchange.completeExceptionally(current != null
                    ? new IllegalStateException("connection already busy")
                    : new NoResponseException(reused, null));
            return;
        }
        this.current = exchange;
        this.uri = uri;
        this.head = request.method().equals(HttpMethod.HEAD);
        this.reused = reused;
        this.limit = limit;
        this.bytesArrived = false;
        this.informational = false;
        this.body = null;
        ctx.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    /** Called from the watch in front of the codec: some response byte has arrived. */
    void bytesArrived() {
        bytesArrived = true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (current == null) {
                return; // nothing asked for it (e.g. after a failure); the channel is closing
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    fail(response.decoderResult().cause());
                    return;
                }
                onHead(response);
            }
            if (msg instanceof HttpContent content && current != null) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpResponse response) {
        status = response.status().code();
        informational = status / 100 == 1; // 100 Continue and friends precede the real response
        if (informational) {
            return;
        }
        long declared = HttpUtil.getContentLength(response, -1L);
        if (!head && declared > limit) {
            fail(new ResponseTooLargeException(limit));
            return;
        }
        headers = javaHeaders(response.headers());
        // a body that ends when the server closes leaves nothing to reuse
        boolean delimited = head || status == 204 || status == 304 || declared >= 0
                || HttpUtil.isTransferEncodingChunked(response);
        keepAlive = delimited && HttpUtil.isKeepAlive(response);
        body = new byte[declared >= 0 && !head ? (int) declared : MIN_CHUNKED_BODY_CAPACITY];
        length = 0;
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            fail(content.decoderResult().cause());
            return;
        }
        if (informational) {
            informational = !(content instanceof LastHttpContent);
            return;
        }
        ByteBuf data = content.content();
        int readable = data.readableBytes();
        if ((long) length + readable > limit) {
            fail(new ResponseTooLargeException(limit));
            return;
        }
        if (length + readable > body.length) {
            body = Arrays.copyOf(body, Math.min(limit, Math.max(length + readable, body.length * 2)));
        }
        data.readBytes(body, length, readable);
        length += readable;
        if (content instanceof LastHttpContent) {
            complete();
        }
    }

    private void complete() {
        CompletableFuture<ScriptHttpResponse> exchange = current;
        ScriptHttpResponse response = new ScriptHttpResponse(status, headers,
                length == body.length ? body : Arrays.copyOf(body, length), uri);
        current = null;
        body = null;
        headers = null;
        if (keepAlive && !exchange.isDone()) {
            onReusable.accept(ctx.channel());
        } else {
            ctx.close();
        }
        exchange.complete(response);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && current == null) {
            ctx.close(); // idle in the pool for too long; the server would drop it soon anyway
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IOException("connection closed before the response was complete"));
    }

    private void fail(Throwable cause) {
        CompletableFuture<ScriptHttpResponse> exchange = current;
        current = null;
        body = null;
        ctx.close();
        if (exchange != null) {
            exchange.completeExceptionally(bytesArrived || cause instanceof ResponseTooLargeException
                    ? cause : new NoResponseException(reused, cause));
        }
    }

    private static HttpHeaders javaHeaders(io.netty.handler.codec.http.HttpHeaders netty) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> header : netty) {
            map.computeIfAbsent(header.getKey(), k -> new ArrayList<>(1)).add(header.getValue());
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
