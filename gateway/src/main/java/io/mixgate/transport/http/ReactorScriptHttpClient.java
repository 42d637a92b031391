package io.mixgate.transport.http;

import io.mixgate.http.PreparedRequest;
import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.ScriptHttpResponse;
import io.mixgate.transport.EventLoops;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The node's client behind {@code mix.http.request}: Reactor Netty's HTTP/1.1 client on the node's
 * own I/O event loops, with a bounded keep-alive pool per host ({@link ConnectionLimits}); https
 * goes to {@code fallback} (the JDK client), also after a redirect from http.
 *
 * <p>Behaves like the JDK client set up by {@code JdkScriptHttpClient.newDefaultClient()} and like
 * Go's default client: follows up to 10 redirects, turning 301/302/303 into GET and dropping
 * credentials when a redirect leaves the host; sends no User-Agent; 5 s to connect; response
 * heads up to 1 MiB. Reactor Netty's own redirect and retry logic is off: {@link ScriptHttpExchange}
 * does both, so that a request that may have reached the server is retried only when idempotent.
 *
 * <p>Thread-safe. {@link #close()} closes the pooled connections; the event loops and the
 * fallback belong to the caller.
 */
public final class ReactorScriptHttpClient implements ScriptHttpClient, AutoCloseable {

    /** As the JDK client's {@code connectTimeout}; the request's own deadline bounds it further. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Go's default limit on response headers is 1 MiB; Netty's 8 KiB is too tight. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private final ConnectionProvider pool;
    private final HttpClient http;
    private final ScriptHttpClient fallback;

    /** With {@link ConnectionLimits#defaults()}. */
    public ReactorScriptHttpClient(EventLoops loops, ScriptHttpClient fallback) {
        this(loops, fallback, ConnectionLimits.defaults());
    }

    /**
     * @param loops    the node's event loops, which carry the connections
     * @param fallback the client for https
     * @param limits   bounds of the connection pool
     */
    public ReactorScriptHttpClient(EventLoops loops, ScriptHttpClient fallback, ConnectionLimits limits) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.pool = ConnectionProvider.builder("mix-http")
                .maxConnections(limits.maxConnectionsPerHost())
                .pendingAcquireMaxCount(limits.maxPendingPerHost())
                .maxIdleTime(limits.idleTimeout())
                .maxLifeTime(limits.maxLifetime())
                .evictInBackground(limits.idleTimeout())
                .lifo() // a burst's extra connections stay idle long enough to close
                .build();
        this.http = HttpClient.create(pool)
                .runOn(new NodeLoopResources(loops.workers(), loops.clientChannelClass()))
                .resolver(new SystemResolverOnVirtualThreads())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .followRedirect(false)
                .disableRetry(true)
                .compress(false)
                .keepAlive(true)
                .httpResponseDecoder(spec -> spec.maxHeaderSize(MAX_HEADER_BYTES));
    }

    @Override
    public CompletableFuture<ScriptHttpResponse> send(PreparedRequest request, int maxBodyBytes) {
        if (!"http".equalsIgnoreCase(request.request().uri().getScheme())) {
            return fallback.send(request, maxBodyBytes);
        }
        ScriptHttpExchange exchange = new ScriptHttpExchange(http, fallback, maxBodyBytes, request.timeout());
        exchange.send(RequestHop.of(request), false);
        return exchange.result;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
