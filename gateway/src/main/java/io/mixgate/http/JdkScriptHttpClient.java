package io.mixgate.http;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Sends script requests with the JDK's {@link HttpClient}: the node's client for https, and the
 * fallback of the Netty client. Redirects, TLS and proxies follow the injected client's settings.
 *
 * <p>Thread-safe. Does not own the client: whoever built it shuts it down.
 */
public final class JdkScriptHttpClient implements ScriptHttpClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;

    public JdkScriptHttpClient(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * The node's JDK client: HTTP/1.1, follows redirects (except https to http) like Go's default
     * client, 5 s to connect. Its completion tasks are short and never block (the body subscriber
     * is bounded and non-blocking; scripts wait on their virtual threads), so they run on its
     * selector thread instead of hopping across a pool of worker threads.
     */
    public static HttpClient newDefaultClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public CompletableFuture<ScriptHttpResponse> send(PreparedRequest request, int maxBodyBytes) {
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request.request(), BoundedBodySubscriber.handler(maxBodyBytes));
        CompletableFuture<ScriptHttpResponse> result = exchange.thenApply(
                r -> new ScriptHttpResponse(r.statusCode(), r.headers(), r.body(), r.uri()));
        // cancelling a dependent stage does not reach its source; the JDK aborts the exchange and
        // closes its connection only when the future sendAsync returned is cancelled
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return result;
    }
}
