package io.mixgate.api;

import io.mixgate.core.Connections;
import io.mixgate.core.PresenceFeed;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MetricsScrape;
import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeOverview;
import io.mixgate.core.UpstreamFeeds;
import io.mixgate.core.QueueOperations;
import io.mixgate.core.ScriptReloads;
import io.mixgate.api.ApiAccess.Role;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.xnio.Options;
import org.xnio.Sequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-office HTTP API, CONNMIX-compatible: {@code POST /v1/mesh/publish},
 * {@code POST /v1/mesh/send}, CONNMIX's WebSocket API {@code GET /ws/v1} (see {@link WsApiHandler}),
 * {@code GET /health} and {@code GET /health/mesh} (see {@link HealthHandler}), and CONNMIX's center endpoints {@code GET /version}
 * and {@code GET /v1/nodes}, and mixgate's {@code POST /v1/scripts/reload}, served by Undertow over {@link MeshOperations} and {@link NodeDirectory}
 * and {@link ScriptReloads}; plus, mixgate only, {@code POST /v1/mesh/publish_batch} (many messages in one
 * request, see {@link PublishBatchHandler}) and {@code GET /metrics} (Prometheus text, read role, see
 * {@link MetricsHandler}), {@code GET /v1/stats} and {@code GET /v1/scripts/errors} (read role, see
 * {@link StatsHandler} and {@link ScriptErrorsHandler}), and the admin page under {@code /admin/} (read
 * role, see {@link AdminPageHandler}; {@code /} redirects there).
 *
 * <p>Every handler runs on Undertow's I/O threads and never blocks: bodies are read
 * asynchronously and replies are written when the node's {@code CompletionStage} completes, so
 * two I/O threads serve any number of concurrent calls. The one exception: a request whose
 * credentials need a bcrypt check not cached yet runs on the single worker thread (see
 * {@link ApiAccess#costly}), and {@code GET /metrics}, which walks every meter. Every reply but
 * {@code /metrics}' is {@code application/json}. Status codes: 200 success; 400 (code 101) invalid request; 404 (code
 * 101) unknown path; 405 (code 101) wrong method; 413 (code 101) body over
 * {@link ApiServerSettings#maxBodySize()}; 401 (code 102, with {@code WWW-Authenticate: Basic})
 * missing or wrong credentials; 403 (code 103) refused by {@link ApiAccess}; 404 (code 401) send to a client that is not connected;
 * 409 (code 401) send to a connection that cannot take the message; 422 (code 601) the new
 * scripts do not compile; 503 (code 503) the node
 * failed the call; 500 (code 500) a bug.
 *
 * <p>Thread safety: {@link #start()}, {@link #port()} and {@link #close()} may be called from
 * any thread. The server can be started once; {@code close()} is idempotent.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Handlers never block, so a couple of I/O threads are plenty for a back-office API. */
    private static final int IO_THREADS = 2;
    /**
     * Only credential checks that run bcrypt are dispatched to the worker pool (once per new
     * header, see {@link ApiAccess#costly}); one thread runs them one at a time, so guesses at a
     * password can never occupy more than one core, nor the I/O threads.
     */
    private static final int WORKER_THREADS = 1;

    private final ApiServerSettings settings;
    private final MeshOperations mesh;
    private final NodeDirectory directory;
    private final ScriptReloads scripts;
    private final QueueOperations queues;
    private final Connections connections;
    private final MetricsScrape metrics;
    private final NodeOverview overview;
    private final UpstreamFeeds upstreams;
    private final ApiAccess access;
    private final ScriptRoutes scriptRoutes;
    private final int wsMaxInFlight;
    private final SSLContext tls; // null = plain HTTP
    private final List<String> tlsProtocols;
    private final PresenceFeed presence;
    private final WsPresence.Limits presenceLimits;
    private Undertow undertow;
    private GracefulShutdownHandler requests;
    private boolean closed;

    /** A single node's API open to everyone: {@code GET /v1/nodes} lists no nodes, no reload, no queues. */
    public ApiServer(ApiServerSettings settings, MeshOperations mesh) {
        this(builder(settings, mesh));
    }

    /** An API open to everyone, without queues; see {@link #builder} for the rest. */
    public ApiServer(ApiServerSettings settings, MeshOperations mesh, NodeDirectory directory, ScriptReloads scripts) {
        this(builder(settings, mesh).directory(directory).scripts(scripts));
    }

    private ApiServer(Builder b) {
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.mesh = Objects.requireNonNull(b.mesh, "mesh");
        this.directory = Objects.requireNonNull(b.directory, "directory");
        this.scripts = b.scripts;
        this.queues = b.queues;
        this.connections = b.connections;
        this.metrics = b.metrics;
        this.overview = b.overview;
        this.upstreams = b.upstreams;
        this.scriptRoutes = b.scriptRoutes;
        this.access = Objects.requireNonNull(b.access, "access");
        this.wsMaxInFlight = b.wsMaxInFlight;
        this.tls = b.tls;
        this.tlsProtocols = b.tlsProtocols;
        this.presence = b.presence;
        this.presenceLimits = b.presenceLimits;
    }

    /** Starts describing an API over {@code mesh}: open to everyone, no directory, reload or queues until set. */
    public static Builder builder(ApiServerSettings settings, MeshOperations mesh) {
        return new Builder(settings, mesh);
    }

    /** The optional parts of an API server. Not thread-safe; used once while the node starts. */
    public static final class Builder {
        private final ApiServerSettings settings;
        private final MeshOperations mesh;
        private NodeDirectory directory = NodeDirectory.NONE;
        private ScriptReloads scripts;
        private QueueOperations queues;
        private Connections connections;
        private MetricsScrape metrics;
        private NodeOverview overview;
        private UpstreamFeeds upstreams;
        private ApiAccess access = ApiAccess.OPEN;
        private ScriptRoutes scriptRoutes;
        private int wsMaxInFlight = WsApiHandler.MAX_IN_FLIGHT;
        private SSLContext tls;
        private List<String> tlsProtocols = List.of();
        private PresenceFeed presence;
        private WsPresence.Limits presenceLimits = WsPresence.Limits.DEFAULTS;

        private Builder(ApiServerSettings settings, MeshOperations mesh) {
            this.settings = settings;
            this.mesh = mesh;
        }

        /** Answers {@code GET /v1/nodes}. */
        public Builder directory(NodeDirectory directory) {
            this.directory = directory;
            return this;
        }

        /** Answers {@code POST /v1/scripts/reload}; null leaves the route out. */
        public Builder scripts(ScriptReloads scripts) {
            this.scripts = scripts;
            return this;
        }

        /** The queues {@code queue.pop} consumes over {@code /ws/v1}; null: queue methods answer 201. */
        public Builder queues(QueueOperations queues) {
            this.queues = queues;
            return this;
        }

        /** Answers {@code /v1/connections} and {@code /v1/channels}; null leaves those routes out. */
        public Builder connections(Connections connections) {
            this.connections = connections;
            return this;
        }

        /**
         * Join/leave events for {@code presence.subscribe} over {@code /ws/v1}; null (the default):
         * presence methods are refused.
         *
         * @param maxFollows  channels one {@code /ws/v1} connection may follow, at least 1
         * @param maxBuffered events one follow may have unwritten before it is dropped, at least 1
         */
        public Builder presence(PresenceFeed presence, int maxFollows, int maxBuffered) {
            if (maxFollows < 1 || maxBuffered < 1) {
                throw new IllegalArgumentException("presence limits: " + maxFollows + ", " + maxBuffered + " (expected: at least 1)");
            }
            this.presence = presence;
            this.presenceLimits = new WsPresence.Limits(maxFollows, maxBuffered);
            return this;
        }

        /** Answers {@code GET /metrics} (read role); null leaves the route out. */
        public Builder metrics(MetricsScrape metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Answers {@code GET /v1/stats} and {@code GET /v1/scripts/errors} (read role); null leaves them out. */
        /** Answers {@code GET /v1/upstreams}. */
        /** Routes answered by the node's scripts ({@code routes[]}); none by default. */
        public Builder scriptRoutes(ScriptRoutes scriptRoutes) {
            this.scriptRoutes = scriptRoutes;
            return this;
        }

        public Builder upstreams(UpstreamFeeds upstreams) {
            this.upstreams = upstreams;
            return this;
        }

        public Builder overview(NodeOverview overview) {
            this.overview = overview;
            return this;
        }

        /** Who may call what (default {@link ApiAccess#OPEN}). */
        public Builder access(ApiAccess access) {
            this.access = access;
            return this;
        }

        /**
         * Serve HTTPS (and {@code wss://} for {@code /ws/v1}) instead of HTTP, with {@code context}'s key
         * material at each handshake (a context whose key manager swaps its material reloads the
         * certificate without a restart), accepting {@code protocols} (e.g. {@code TLSv1.3}; empty = the
         * JDK's defaults). The caller keeps owning {@code context}.
         */
        public Builder tls(SSLContext context, List<String> protocols) {
            this.tls = Objects.requireNonNull(context, "context");
            this.tlsProtocols = List.copyOf(protocols);
            return this;
        }

        /** Requests one {@code /ws/v1} connection may have in flight before it stops reading; for tests. */
        Builder wsMaxInFlight(int wsMaxInFlight) {
            if (wsMaxInFlight < 1) {
                throw new IllegalArgumentException("wsMaxInFlight: " + wsMaxInFlight + " (expected: at least 1)");
            }
            this.wsMaxInFlight = wsMaxInFlight;
            return this;
        }

        public ApiServer build() {
            return new ApiServer(this);
        }
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException if already started or closed
     * @throws RuntimeException      if the address cannot be bound (Undertow's exception)
     */
    public synchronized void start() {
        if (undertow != null || closed) {
            throw new IllegalStateException("the API server can be started only once");
        }
        Undertow.Builder builder = Undertow.builder();
        if (tls == null) {
            builder.addHttpListener(settings.port(), settings.bind());
        } else {
            builder.addHttpsListener(settings.port(), settings.bind(), tls);
            if (!tlsProtocols.isEmpty()) {
                builder.setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(tlsProtocols));
            }
        }
        Undertow server = builder
                .setIoThreads(IO_THREADS)
                .setWorkerThreads(WORKER_THREADS)
                // headers within requestTimeout of their first byte (the body: BodyReader); no
                // connection idles without a request for longer than idleTimeout
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.requestTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.idleTimeout().toMillis())
                .setHandler(requests = new GracefulShutdownHandler(routes()))
                .build();
        server.start();
        undertow = server;
        log.info("API server listening on {}:{} ({})", settings.bind(), port(), tls == null ? "http" : "https");
    }

    /** The port actually bound, which differs from the configured one when that was 0. */
    public synchronized int port() {
        if (undertow == null) {
            throw new IllegalStateException("the API server is not running");
        }
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * The node is going away: from now on new requests are answered 503 at once (no body), and this
     * waits up to {@code timeout} for the requests already in flight to be answered. Blocks the
     * caller; call it from a thread of the node's own, never an I/O thread.
     *
     * @return true when every request in flight was answered, false when some still were not
     */
    public boolean finishRequests(Duration timeout) throws InterruptedException {
        GracefulShutdownHandler handler;
        synchronized (this) {
            handler = requests;
        }
        if (handler == null) {
            return true;
        }
        handler.shutdown();
        return handler.awaitShutdown(Math.max(1, timeout.toMillis()));
    }

    /** Stops listening and drops open connections; calls still pending in the node go unanswered. */
    @Override
    public synchronized void close() {
        closed = true;
        if (undertow != null) {
            undertow.stop();
            undertow = null;
            log.info("API server stopped");
        }
    }

    private ApiRoutes routes() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        ApiReplies replies = new ApiReplies(mapper);
        BodyReader bodies = new BodyReader(settings.maxBodySize(), settings.requestTimeout(), replies);
        MeshReply meshReply = new MeshReply(replies);
        ApiRoutes.Builder routes = ApiRoutes.builder(replies, access);
        if (scripts != null) {
            routes.add(Methods.POST, "/v1/scripts/reload", Role.WRITE, new ScriptReloadHandler(scripts, replies));
        }
        if (connections != null) {
            ChannelsHandler channels = new ChannelsHandler(connections, meshReply, replies);
            routes.add(Methods.GET, "/v1/connections", Role.READ, new ConnectionListHandler(connections, meshReply, replies))
                    .addPrefix(Methods.GET, ConnectionInfoHandler.PREFIX, Role.READ,
                            new ConnectionInfoHandler(connections, meshReply, replies))
                    .addPrefix(Methods.POST, ConnectionInfoHandler.PREFIX, Role.WRITE,
                            new ConnectionCloseHandler(bodies, mapper, connections, meshReply, replies, false))
                    .add(Methods.POST, "/v1/connections/close", Role.WRITE,
                            new ConnectionCloseHandler(bodies, mapper, connections, meshReply, replies, true))
                    .add(Methods.GET, "/v1/channels", Role.READ, channels)
                    .addPrefix(Methods.GET, ChannelsHandler.PREFIX, Role.READ, channels);
        }
        if (upstreams != null) {
            routes.add(Methods.GET, "/v1/upstreams", Role.READ, new UpstreamsHandler(upstreams, mapper, replies));
        }
        if (metrics != null) {
            routes.add(Methods.GET, "/metrics", Role.READ, new MetricsHandler(metrics));
        }
        if (overview != null) {
            routes.add(Methods.GET, "/v1/stats", Role.READ, new StatsHandler(overview, meshReply, replies))
                    .add(Methods.GET, "/v1/scripts/errors", Role.READ, new ScriptErrorsHandler(overview, meshReply, replies));
        }
        if (scriptRoutes != null) {
            for (int i = 0; i < scriptRoutes.routes().size(); i++) {
                ScriptRoutes.Route r = scriptRoutes.routes().get(i);
                Role role = switch (r.access()) {
                    case PUBLIC -> null;
                    case READ -> Role.READ;
                    case WRITE -> Role.WRITE;
                };
                routes.addTemplate(HttpString.tryFromString(r.method()), r.path(), role,
                        new ScriptRouteHandler(scriptRoutes, i, bodies, replies));
            }
        }
        AdminPageHandler admin = new AdminPageHandler(replies);
        routes.add(Methods.GET, AdminPageHandler.PREFIX, Role.READ, admin)
                .addPrefix(Methods.GET, AdminPageHandler.PREFIX, Role.READ, admin)
                // public: a redirect to the page, which itself needs the read role
                .add(Methods.GET, "/admin", null, admin)
                .add(Methods.GET, "/", null, admin);
        return routes
                .add(Methods.POST, "/v1/mesh/publish", Role.WRITE,
                        new JsonRequestHandler(bodies, mapper, replies, new PublishHandler(mesh, meshReply, replies)))
                .add(Methods.POST, "/v1/mesh/publish_batch", Role.WRITE,
                        new PublishBatchHandler(bodies, mapper.getFactory(), mesh, meshReply, replies))
                .add(Methods.POST, "/v1/mesh/send", Role.WRITE,
                        new JsonRequestHandler(bodies, mapper, replies, new SendHandler(mesh, meshReply, replies)))
                .add(Methods.POST, "/v1/conn/call", Role.WRITE,
                        new JsonRequestHandler(bodies, mapper, replies, new ConnCallHandler(mesh, meshReply, replies)))
                .add(Methods.GET, "/ws/v1", Role.WRITE,
                        new WsApiHandler(mesh, queues, presence, presenceLimits, mapper, replies, settings.maxBodySize(),
                                wsMaxInFlight))
                // public: load balancers probe it without credentials
                .add(Methods.GET, "/health", null, new HealthHandler(mesh, replies, false))
                .add(Methods.GET, "/health/mesh", null, new HealthHandler(mesh, replies, true))
                .add(Methods.GET, "/version", null, new VersionHandler(replies))
                .add(Methods.GET, "/v1/nodes", Role.READ, new NodesHandler(directory, meshReply, replies))
                .build();
    }
}
