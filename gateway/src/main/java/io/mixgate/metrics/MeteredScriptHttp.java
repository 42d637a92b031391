package io.mixgate.metrics;

import io.micrometer.core.instrument.Timer;
import io.mixgate.http.PreparedRequest;
import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.ScriptHttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code mix.http.request}, timed: {@code mixgate_script_http_request_seconds{outcome="ok"|"error"}},
 * from the request's start until its response (or failure) arrived. Returns the client's own
 * future, so cancelling it still aborts the exchange.
 *
 * <p>Thread-safe, as the client it wraps.
 */
public final class MeteredScriptHttp implements ScriptHttpClient {
    private final ScriptHttpClient client;
    private final Timer ok;
    private final Timer error;

    public MeteredScriptHttp(ScriptHttpClient client, NodeMetrics metrics) {
        this.client = client;
        this.ok = metrics.scriptHttp("ok");
        this.error = metrics.scriptHttp("error");
    }

    @Override
    public CompletableFuture<ScriptHttpResponse> send(PreparedRequest request, int maxBodyBytes) {
        long start = System.nanoTime();
        CompletableFuture<ScriptHttpResponse> future = client.send(request, maxBodyBytes);
        future.whenComplete((r, e) -> (e == null ? ok : error).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        return future;
    }
}
