package io.mixgate.transport.http;

import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.ScriptHttpResponse;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One call of {@code mix.http.request} over plain http: picks or opens a connection, sends, retries
 * once on a fresh connection when a reused one turns out to have been closed by the server before
 * it answered (the keep-alive race Go's client also retries) — but only an idempotent request:
 * a POST that may have reached the server fails instead, and the script decides — and follows up to
 * {@link #MAX_REDIRECTS} redirects; a redirect to https continues through the JDK client.
 *
 * <p>Thread safety: {@link #result} may be cancelled from any thread; whatever step is in flight
 * (connecting, an exchange on a connection, the JDK client) is then cancelled, which closes its
 * connection. Every other step runs on an event loop or the resolver's virtual thread, one at a time.
 */
final class ScriptHttpExchange {

    static final int MAX_REDIRECTS = 10;

    final CompletableFuture<ScriptHttpResponse> result = new CompletableFuture<>();
    private final HttpConnectionPool pool;
    private final ScriptHttpClient fallback;
    private final int maxBodyBytes;
    private final long deadlineNanos;
    private volatile CompletableFuture<?> step;
    private int redirects;

    ScriptHttpExchange(HttpConnectionPool pool, ScriptHttpClient fallback, int maxBodyBytes, Duration timeout) {
        this.pool = pool;
        this.fallback = fallback;
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelStep();
            }
        });
    }

    void send(RequestHop hop, boolean freshConnection) {
        Duration remaining = Duration.ofNanos(deadlineNanos - System.nanoTime());
        if (remaining.isNegative() || remaining.isZero()) {
            result.completeExceptionally(new HttpTimeoutException("request timed out"));
            return;
        }
        if (!hop.isPlainHttp()) {
            follow(fallback.send(hop.toJdk(remaining), maxBodyBytes));
            return;
        }
        Channel idle = freshConnection ? null : pool.pollIdle(hop.host(), hop.port());
        if (idle != null) {
            exchange(idle, hop, true);
            return;
        }
        CompletableFuture<Channel> connecting = pool.connect(hop.host(), hop.port(), remaining);
        track(connecting);
        connecting.whenComplete((channel, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                exchange(channel, hop, false);
            }
        });
    }

    private void exchange(Channel channel, RequestHop hop, boolean reused) {
        HttpExchangeHandler handler = channel.pipeline().get(HttpExchangeHandler.class);
        CompletableFuture<ScriptHttpResponse> response =
                handler.send(channel, hop.toNetty(), hop.uri(), maxBodyBytes, reused);
        track(response);
        response.whenComplete((r, failure) -> {
            if (failure instanceof HttpExchangeHandler.NoResponseException stale && stale.reusedConnection
                    && hop.idempotent()) {
                send(hop, true);
            } else if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                onResponse(hop, r);
            }
        });
    }

    private void onResponse(RequestHop hop, ScriptHttpResponse response) {
        RequestHop next = hop.redirect(response.status(), response.headers().firstValue("Location").orElse(null));
        if (next == null) {
            result.complete(response);
        } else if (++redirects > MAX_REDIRECTS) {
            result.completeExceptionally(new IOException("stopped after " + MAX_REDIRECTS + " redirects"));
        } else {
            send(next, false);
        }
    }

    private void follow(CompletableFuture<ScriptHttpResponse> jdk) {
        track(jdk);
        jdk.whenComplete((r, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(r);
            }
        });
    }

    /** Makes {@code next} the step a cancellation aborts; aborts it at once if cancelled already. */
    private void track(CompletableFuture<?> next) {
        step = next;
        if (result.isCancelled()) {
            cancelStep();
        }
    }

    private void cancelStep() {
        CompletableFuture<?> current = step;
        if (current != null) {
            current.cancel(true);
        }
    }
}
