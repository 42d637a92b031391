package io.mixgate.transport.http;

import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.ScriptHttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * One call of {@code mix.http.request} over plain http: sends each hop through Reactor Netty,
 * follows up to {@link #MAX_REDIRECTS} redirects (a redirect to https continues through the JDK
 * client), and retries once when the server closed the connection before any response byte —
 * the keep-alive race of a pooled connection — but only for an idempotent method: a POST that may
 * have reached the server fails instead, and the script decides.
 *
 * <p>Thread safety: {@link #result} may be cancelled from any thread; whatever step is in flight
 * (a Reactor Netty exchange, the JDK client) is then cancelled, which closes its connection
 * (Reactor Netty never returns a connection whose exchange was cancelled to the pool). Every
 * other step runs on an event loop or the JDK client's thread, one at a time.
 */
final class ScriptHttpExchange {

    static final int MAX_REDIRECTS = 10;

    final CompletableFuture<ScriptHttpResponse> result = new CompletableFuture<>();
    private final HttpClient http;
    private final ScriptHttpClient fallback;
    private final int maxBodyBytes;
    private final long deadlineNanos;
    private volatile Disposable step;
    /** The event loop of the connection that answered the current hop; set before its response is signalled. */
    private volatile Executor loop;
    private int redirects;

    ScriptHttpExchange(HttpClient http, ScriptHttpClient fallback, int maxBodyBytes, Duration timeout) {
        this.http = http;
        this.fallback = fallback;
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelStep();
            }
        });
    }

    void send(RequestHop hop, boolean retried) {
        Duration remaining = Duration.ofNanos(deadlineNanos - System.nanoTime());
        if (remaining.isNegative() || remaining.isZero()) {
            result.completeExceptionally(new HttpTimeoutException("request timed out"));
            return;
        }
        if (!hop.isPlainHttp()) {
            CompletableFuture<ScriptHttpResponse> jdk = fallback.send(hop.toJdk(remaining), maxBodyBytes);
            track(() -> jdk.cancel(true));
            jdk.whenComplete((r, failure) -> finish(r, failure));
            return;
        }
        Mono<ScriptHttpResponse> exchange = http.request(HttpMethod.valueOf(hop.method()))
                .uri(hop.uri())
                .send((request, out) -> {
                    hop.writeHeaders(request.requestHeaders());
                    return hop.body() == null ? out : out.send(Mono.just(Unpooled.wrappedBuffer(hop.body())));
                })
                .responseConnection((response, connection) -> {
                    loop = connection.channel().eventLoop();
                    return ResponseCollector.collect(response, connection.inbound().receive(), maxBodyBytes, hop.uri());
                })
                .single();
        // Reactor Netty signals the response before it releases the connection to the pool (both in
        // one event-loop task): acting on it in the next task lets the caller's next request, or the
        // redirect, reuse the connection instead of racing its release and opening another
        track(exchange.subscribe(r -> loop.execute(() -> onResponse(hop, r)), failure -> onFailure(hop, retried, failure)));
    }

    private void onFailure(RequestHop hop, boolean retried, Throwable failure) {
        if (!retried && hop.idempotent() && failure instanceof PrematureCloseException) {
            send(hop, true);
        } else {
            result.completeExceptionally(translate(failure));
        }
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

    private void finish(ScriptHttpResponse response, Throwable failure) {
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(response);
        }
    }

    /** Same exceptions as the JDK client, so that scripts read the same error whichever client sent. */
    static Throwable translate(Throwable failure) {
        if (failure instanceof ConnectTimeoutException) {
            HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("connect timed out");
            timeout.initCause(failure);
            return timeout;
        }
        if (failure instanceof ConnectException && failure.getMessage() != null
                && failure.getMessage().contains("Connection refused")) {
            ConnectException refused = new ConnectException(); // the JDK's carries no message either
            refused.initCause(failure);
            return refused;
        }
        if (failure instanceof PrematureCloseException) {
            return new IOException("server closed the connection before the response was complete", failure);
        }
        return failure;
    }

    /** Makes {@code next} the step a cancellation aborts; aborts it at once if cancelled already. */
    private void track(Disposable next) {
        step = next;
        if (result.isCancelled()) {
            cancelStep();
        }
    }

    private void cancelStep() {
        Disposable current = step;
        if (current != null) {
            current.dispose();
        }
    }
}
