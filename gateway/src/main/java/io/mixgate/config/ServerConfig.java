package io.mixgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One client-facing listener ({@code servers[i]} in the YAML), CONNMIX's
 * {@code engine.servers[]}. Each has its own entry script.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param port              TCP port, {@code 0..65535}, default 6790; 0 picks a free port (tests)
 * @param bind              address to listen on, default {@code 0.0.0.0}
 * @param protocol          wire protocol: {@code websocket} (the default) or {@code socket} (raw TCP
 *                          whose packets the entry script frames: {@code protocol_input},
 *                          {@code protocol_decode}, {@code protocol_encode}, CONNMIX's custom protocol)
 * @param entry             the Lua entry script, default {@code scripts/entry.websocket.lua}, or
 *                          {@code scripts/entry.socket.lua} for a socket server (a socket server
 *                          left at the WebSocket default runs the socket default: that script has
 *                          no {@code protocol_input} and could not serve it)
 * @param options           free-form options the script reads with {@code mix.server.option(name)};
 *                          {@code path} is the WebSocket path and must start with {@code /};
 *                          unmodifiable, in the configured order
 * @param readBufferSize    first guess of one read's buffer size in bytes (it adapts), {@code >= 64}, default 1024
 * @param writeBufferSize   backlog under which a slowed client counts as caught up again (the
 *                          low-water mark), bytes, {@code >= 64}, default 1024
 * @param readTimeout       idle time after which a silent client is dropped, default 60s,
 *                          {@link Duration#ZERO} = never
 * @param writeTimeout      time a client's backlog may stay over {@code maxOutboundBytes} before
 *                          it is closed, default 10s, {@link Duration#ZERO} = never
 * @param maxFrameSize      largest inbound frame or message in bytes, {@code 1..16 MiB}, default 64 KiB;
 *                          for a socket server, the most bytes its script may leave buffered
 *                          without completing a packet
 * @param maxOutboundBytes  outbound backlog of one client over which new messages to it are dropped
 *                          and counted as failed, {@code >= 1024}, default 4 MiB
 * @param maxQueuedMessages inbound messages waiting for one client's script before the node stops
 *                          reading from that socket, {@code 1..100000}, default 128
 * @param maxSubscriptions  channels one client may subscribe to, {@code 1..1000000}, default 1000
 * @param byteCodeExpires   CONNMIX's Lua hot reload: while {@code > 0} the scripts folder is
 *                          watched for file events and also compared with the running version
 *                          this often (the fallback where file events do not arrive), default
 *                          10s; {@link Duration#ZERO} turns automatic reload off (SIGHUP and
 *                          {@code POST /v1/scripts/reload} still work)
 * @param writeDelay        how long a published message may wait for more messages to the same
 *                          client so that they leave in one write (fewer syscalls per delivery,
 *                          at up to this much added latency), {@code 0..1s}, default 0 = write at
 *                          once; replies from the script ({@code conn:send}) never wait
 * @param rateLimit         messages per second one connection may send (pings included), and
 *                          what the client gets over it; on by default (see {@link RateLimitConfig})
 * @param maxConnectionsPerSecondPerIp new TCP connections accepted per second from one source
 *                          address; more are closed at accept, before any HTTP is read,
 *                          {@code 0..1000000}, default 0 = no limit
 * @param handshakeTimeout  time from TCP accept to a completed upgrade; a client still sending
 *                          its upgrade request then gets 408 and is closed, {@code > 0}, default 5s
 * @param maxHandshakeBytes largest upgrade request (request line and headers), bytes; larger
 *                          ones get 431 and are closed, {@code 1024..1 MiB}, default 16 KiB
 * @param allowedOrigins    browser origins allowed to upgrade besides the request's own host
 *                          (see {@link OriginRule}); requests without {@code Origin} are always
 *                          allowed; others get 403; default none (same-host origins only);
 *                          unmodifiable
 * @param compression       permessage-deflate, off by default (see {@link CompressionConfig})
 * @param tls               TLS on this listener ({@code wss://}), off by default (see {@link TlsConfig});
 *                          the TLS handshake counts against {@code handshakeTimeout}
 *
 * <p>A socket server refuses the WebSocket-only {@code compression} and {@code allowedOrigins}
 * when set, and ignores {@code rateLimit}, {@code handshakeTimeout}, {@code maxHandshakeBytes}
 * and the {@code path} option (there is no handshake nor message unit the node could see).
 */
public record ServerConfig(int port, String bind, String protocol, String entry, Map<String, String> options,
        int readBufferSize, int writeBufferSize, Duration readTimeout, Duration writeTimeout,
        int maxFrameSize, int maxOutboundBytes, int maxQueuedMessages, int maxSubscriptions,
        Duration byteCodeExpires, Duration writeDelay, RateLimitConfig rateLimit, int maxConnectionsPerSecondPerIp,
        Duration handshakeTimeout, int maxHandshakeBytes, List<String> allowedOrigins, CompressionConfig compression, TlsConfig tls) {

    /** WebSocket, framed by the node. */
    public static final String WEBSOCKET = "websocket";

    /** Raw TCP, framed by the entry script (CONNMIX's custom protocol). */
    public static final String SOCKET = "socket";

    /** The entry of a websocket server unless one is given. */
    public static final String WEBSOCKET_ENTRY = "scripts/entry.websocket.lua";

    /** The entry of a socket server unless one is given. */
    public static final String SOCKET_ENTRY = "scripts/entry.socket.lua";

    /** The longest {@code writeDelay}: beyond it, latency would matter more than the syscalls saved. */
    public static final Duration MAX_WRITE_DELAY = Duration.ofSeconds(1);

    /** Validates every value and copies the options. */
    public ServerConfig {
        Require.port("port", port);
        Require.nonBlank("bind", bind);
        if (!WEBSOCKET.equals(protocol) && !SOCKET.equals(protocol)) {
            throw new InvalidValueException("protocol", Require.show(protocol), WEBSOCKET + " or " + SOCKET);
        }
        Require.nonBlank("entry", entry);
        if (SOCKET.equals(protocol) && WEBSOCKET_ENTRY.equals(entry)) {
            entry = SOCKET_ENTRY; // the default filled in for every server; see the record's Javadoc
        }
        options = Require.entries("options", options, "a string");
        if (options.containsKey("path")) {
            Require.absolutePath("options.path", options.get("path"));
        }
        Require.atLeast("readBufferSize", readBufferSize, 64);
        Require.atLeast("writeBufferSize", writeBufferSize, 64);
        Require.notNegative("readTimeout", readTimeout);
        Require.notNegative("writeTimeout", writeTimeout);
        Require.range("maxFrameSize", maxFrameSize, 1, 16 << 20);
        Require.atLeast("maxOutboundBytes", maxOutboundBytes, 1024);
        Require.range("maxQueuedMessages", maxQueuedMessages, 1, 100_000);
        Require.range("maxSubscriptions", maxSubscriptions, 1, 1_000_000);
        Require.notNegative("byteCodeExpires", byteCodeExpires);
        Require.notNegative("writeDelay", writeDelay);
        if (writeDelay.compareTo(MAX_WRITE_DELAY) > 0) {
            throw new InvalidValueException("writeDelay", Require.show(writeDelay), "a duration of 0s..1s, 0s = off");
        }
        Require.present("rateLimit", rateLimit, "a mapping");
        Require.range("maxConnectionsPerSecondPerIp", maxConnectionsPerSecondPerIp, 0, 1_000_000);
        Require.positive("handshakeTimeout", handshakeTimeout);
        Require.range("maxHandshakeBytes", maxHandshakeBytes, 1024, 1 << 20);
        Require.present("allowedOrigins", allowedOrigins, "a list");
        for (int i = 0; i < allowedOrigins.size(); i++) {
            OriginRule.parse("allowedOrigins[" + i + "]", allowedOrigins.get(i));
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        Require.present("compression", compression, "a mapping");
        Require.present("tls", tls, "a mapping");
        if (SOCKET.equals(protocol)) {
            if (compression.enabled()) {
                throw new InvalidValueException("compression.mode", Require.show(compression.mode()),
                        "off for a socket server: permessage-deflate is WebSocket-only");
            }
            if (!allowedOrigins.isEmpty()) {
                throw new InvalidValueException("allowedOrigins", Require.show(allowedOrigins),
                        "none for a socket server: origins are checked in a WebSocket handshake");
            }
        }
    }

    /** Whether the entry script frames this server's bytes ({@code protocol: socket}). */
    public boolean scriptFramed() {
        return SOCKET.equals(protocol);
    }

    /** The defaults: CONNMIX's websocket server on 6790 at path {@code /}. */
    public static ServerConfig defaults() {
        return new ServerConfig(6790, "0.0.0.0", WEBSOCKET, WEBSOCKET_ENTRY, Map.of(),
                1024, 1024, Duration.ofSeconds(60), Duration.ofSeconds(10),
                64 << 10, 4 << 20, 128, 1000, Duration.ofSeconds(10), Duration.ZERO, RateLimitConfig.defaults(), 0,
                Duration.ofSeconds(5), 16 << 10, List.of(), CompressionConfig.defaults(), TlsConfig.defaults());
    }

    /** {@code allowedOrigins}, parsed. */
    public List<OriginRule> originRules() {
        List<OriginRule> rules = new ArrayList<>(allowedOrigins.size());
        for (int i = 0; i < allowedOrigins.size(); i++) {
            rules.add(OriginRule.parse("allowedOrigins[" + i + "]", allowedOrigins.get(i)));
        }
        return List.copyOf(rules);
    }

    /** The WebSocket path: option {@code path}, default {@code /}. */
    public String path() {
        return options.getOrDefault("path", "/");
    }

    /** The option called {@code name}, or {@code null} when absent (as {@code mix.server.option}). */
    public String option(String name) {
        return options.get(name);
    }
}
