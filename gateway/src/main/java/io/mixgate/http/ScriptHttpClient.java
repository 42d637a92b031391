package io.mixgate.http;

import java.util.concurrent.CompletableFuture;

/**
 * Sends the requests of {@code mix.http.request}. The seam lets the node send plain-http requests
 * through its own Netty event loops while https (and tests) use the JDK's client.
 *
 * <p>Implementations are thread-safe: {@link #send} is called from any thread, usually a script's
 * virtual thread, which then blocks on the returned future.
 */
public interface ScriptHttpClient {

    /**
     * Starts one exchange, following redirects. The future fails with
     * {@link ResponseTooLargeException} when the body exceeds {@code maxBodyBytes}, with a
     * {@link java.net.ConnectException} when the connection is refused, with an
     * {@link java.net.UnknownHostException} for an unknown host and with a
     * {@link java.net.http.HttpTimeoutException} when connecting outlasts the request's timeout.
     * Cancelling the future aborts the exchange and closes its connection.
     */
    CompletableFuture<ScriptHttpResponse> send(PreparedRequest request, int maxBodyBytes);
}
