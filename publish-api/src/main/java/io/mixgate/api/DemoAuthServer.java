package io.mixgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the back office's token check, so that the exchange demo runs without one: the
 * entry script's {@code mix.http.request(auth_url)} posts the client's token here and gets
 * {@code {"uid":N}} back (see {@link DemoAuthHandler}). It is a separate listener, off unless the
 * gateway's configuration asks for it, and holds a fixed token-to-uid table: never for production.
 *
 * <p>Thread safety: {@link #start()}, {@link #port()} and {@link #close()} may be called from
 * any thread. The server can be started once; {@code close()} is idempotent.
 */
public final class DemoAuthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoAuthServer.class);

    private final String bind;
    private final int port;
    private final String path;
    private final Map<String, Long> tokens;
    private Undertow undertow;
    private boolean closed;

    /**
     * @param bind   the address to bind
     * @param port   the port, {@code 0} for any free port
     * @param path   the callback path, for example {@code /websocket_auth}
     * @param tokens token to uid; copied
     */
    public DemoAuthServer(String bind, int port, String path, Map<String, Long> tokens) {
        this.bind = Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path: " + path + " (expected: a path starting with /)");
        }
        this.port = port;
        this.path = path;
        this.tokens = Map.copyOf(tokens);
    }

    /** Binds and starts serving; throws {@link IllegalStateException} if already started or closed. */
    public synchronized void start() {
        if (undertow != null || closed) {
            throw new IllegalStateException("the demo auth server can be started only once");
        }
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(1)
                .addHttpListener(port, bind)
                .setHandler(new DemoAuthHandler(path, tokens, new ObjectMapper()))
                .build();
        server.start();
        undertow = server;
        log.info("Demo auth server listening on {}:{}{} with {} tokens", bind, port(), path, tokens.size());
    }

    /** The port actually bound. */
    public synchronized int port() {
        if (undertow == null) {
            throw new IllegalStateException("the demo auth server is not running");
        }
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
    }
}
