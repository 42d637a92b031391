package io.mixgate.script;

import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.PreparedRequest;
import io.mixgate.http.ScriptHttpResponse;
import io.mixgate.http.ResponseTooLargeException;
import io.mixgate.http.JdkScriptHttpClient;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import io.mixgate.config.GoDuration;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lua binding {@code resp, err = mix.http.request(method, url[, opts])}, compatible with
 * CONNMIX (gluahttp). Options: {@code query} (string or table), {@code cookies}, {@code body},
 * {@code form} (gluahttp's deprecated form body), {@code headers}, {@code timeout} (seconds or a Go
 * duration such as {@code "1m30s"}) and {@code auth = {username, password}}. The response table
 * has {@code body, body_size, headers, cookies, status_code, url}; a 4xx or 5xx status is a
 * response, not an error.
 *
 * <p>Errors: a Lua argument of the wrong type raises a Lua error; everything else (invalid URL,
 * method or timeout, an unknown option key, so that typos are caught, a forbidden header, network
 * failure, timeout, interruption, a body over the size limit) returns {@code nil, message}.
 * The timeout is one deadline for the whole exchange, connect to last body byte, like Go's
 * {@code Client.Timeout}; {@code HttpRequest.timeout} alone stops counting once headers arrive.
 *
 * <p>The call blocks the calling thread until the exchange ends. Scripts run on virtual threads,
 * where that parks only the one virtual thread. Redirects, TLS and proxy settings come from the
 * injected client; {@link JdkScriptHttpClient#newDefaultClient()} builds a JDK client that behaves
 * like Go's default client. Error messages are the same whichever client sends.
 *
 * <p>Thread safety: immutable once constructed; one instance may be installed into any number of
 * Lua globals and called from any number of threads at once (each Lua state itself stays
 * single-threaded, as LuaJ requires).
 */
public final class MixHttpLib {

    /** Default cap on a response body: larger bodies fail with "response body too large". */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(MixHttpLib.class);

    private final ScriptHttpClient client;
    private final HttpRequestReader reader;
    private final int maxBodyBytes;

    /**
     * @param client         the shared HTTP client (not closed by this class)
     * @param defaultTimeout the deadline when a call gives no {@code timeout}; must be positive
     */
    public MixHttpLib(ScriptHttpClient client, Duration defaultTimeout) {
        this(client, defaultTimeout, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * @param maxBodyBytes the largest response body accepted, in bytes; must be positive
     */
    public MixHttpLib(ScriptHttpClient client, Duration defaultTimeout, int maxBodyBytes) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout: " + defaultTimeout + " (expected: > 0)");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0)");
        }
        this.reader = new HttpRequestReader(defaultTimeout);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Sets {@code mix.http = { request = <function> }}, replacing any existing {@code mix.http}. */
    public void install(LuaTable mix) {
        LuaTable http = new LuaTable();
        http.set("request", new RequestFunction());
        mix.set("http", http);
    }

    private final class RequestFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            try {
                return send(reader.read(args));
            } catch (HttpRequestReader.InvalidRequestException e) {
                return failure(e.getMessage());
            }
        }
    }

    private Varargs send(PreparedRequest prepared) {
        HttpRequest request = prepared.request();
        CompletableFuture<ScriptHttpResponse> exchange = client.send(prepared, maxBodyBytes);
        String reason;
        try {
            return HttpResponseTable.of(exchange.get(prepared.timeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            exchange.cancel(true); // aborts the exchange and closes its connection
            reason = timedOut(prepared.timeout());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt(); // the owner of the thread decides what to do next
            reason = "interrupted";
        } catch (ExecutionException e) {
            reason = describe(e.getCause(), prepared.timeout());
        }
        log.debug("mix.http.request {} {} failed: {}", request.method(), request.uri(), reason);
        return failure("http request " + request.method() + " " + request.uri() + " failed: " + reason);
    }

    private static String describe(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // first, because the JDK client wraps an unresolved address in a message-less ConnectException
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        String firstMessage = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResponseTooLargeException) {
                return t.getMessage();
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut(timeout);
            }
            if (t instanceof ConnectException) {
                return t.getMessage() == null ? "connection refused" : t.getMessage().toLowerCase(Locale.ROOT);
            }
            if (firstMessage == null && t.getMessage() != null) {
                firstMessage = t.getMessage();
            }
        }
        return firstMessage != null ? firstMessage : failure.getClass().getSimpleName();
    }

    private static String timedOut(Duration timeout) {
        return "timed out after " + GoDuration.format(timeout);
    }

    private static Varargs failure(String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
    }
}
