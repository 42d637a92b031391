package io.mixgate.transport.http;

import io.mixgate.transport.EventLoops;
import io.mixgate.http.PreparedRequest;
import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.ScriptHttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The node's client behind {@code mix.http.request}: plain {@code http://} requests go over
 * HTTP/1.1 keep-alive connections on the node's own I/O event loops, which costs far less CPU per
 * request than the JDK's client (the connect benchmark authenticates every connection this way);
 * everything else, i.e. https, goes to {@code fallback}.
 *
 * <p>Behaves like the JDK client set up by {@code JdkScriptHttpClient.newDefaultClient()} and like
 * Go's default client: follows up to 10 redirects, turning 301/302/303 into GET; sends no
 * User-Agent; the request's timeout bounds connecting.
 *
 * <p>Thread-safe. {@link #close()} closes the idle connections; the event loops and the fallback
 * belong to the caller.
 */
public final class NettyScriptHttpClient implements ScriptHttpClient, AutoCloseable {

    private final HttpConnectionPool pool;
    private final ScriptHttpClient fallback;

    /**
     * @param loops    the node's event loops, which carry the connections
     * @param fallback the client for anything but {@code http://}
     */
    public NettyScriptHttpClient(EventLoops loops, ScriptHttpClient fallback) {
        this.pool = new HttpConnectionPool(loops);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public CompletableFuture<ScriptHttpResponse> send(PreparedRequest request, int maxBodyBytes) {
        if (!"http".equalsIgnoreCase(request.request().uri().getScheme())) {
            return fallback.send(request, maxBodyBytes);
        }
        ScriptHttpExchange exchange = new ScriptHttpExchange(pool, fallback, maxBodyBytes, request.timeout());
        exchange.send(RequestHop.of(request), false);
        return exchange.result;
    }

    @Override
    public void close() {
        pool.close();
    }
}
