package io.mixgate;

import io.lettuce.core.RedisClient;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.script.TimerLimits;
import io.mixgate.market.CandleStore;
import io.mixgate.service.LocalChannelDemand;
import io.mixgate.service.ServiceNode;
import io.mixgate.cluster.Ownership;
import io.mixgate.service.ServiceRoutes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.mixgate.api.ApiServer;
import io.mixgate.api.ApiServerSettings;
import io.mixgate.api.DemoAuthServer;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.NodeStats;
import io.mixgate.core.QueueItem;
import io.mixgate.core.ScriptReloads;
import io.mixgate.config.DemoAuthConfig;
import io.mixgate.config.GatewayConfig;
import io.mixgate.config.RedisConfig;
import io.mixgate.metrics.MeteredMesh;
import io.mixgate.metrics.MeteredScriptHttp;
import io.mixgate.metrics.NodeMetrics;
import io.mixgate.broker.RedisBroker;
import io.mixgate.node.InFlightTasks;
import io.mixgate.node.LocalOverview;
import io.mixgate.node.NodeDrain;
import io.mixgate.pubsub.Delivery;
import io.mixgate.pubsub.MemoryHistory;
import io.mixgate.pubsub.MeshHistory;
import io.mixgate.queue.MemoryQueues;
import io.mixgate.queue.NodeQueues;
import io.mixgate.queue.RedisQueues;
import io.mixgate.pubsub.ChannelInterests;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.script.ScriptServices;
import io.mixgate.transport.upstream.NettyUpstreamConnector;
import io.mixgate.cluster.LeasedOwnership;
import io.mixgate.upstream.LocalDemand;
import io.mixgate.upstream.MeshDemand;
import io.mixgate.service.MeshChannelDemand;
import io.mixgate.service.ChannelDemand;
import io.mixgate.config.ServiceConfig;
import io.mixgate.upstream.UpstreamDemand;
import io.mixgate.upstream.Upstreams;
import io.mixgate.node.ScriptReloader;
import io.mixgate.redis.CommandPools;
import io.mixgate.redis.RedisResources;
import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.script.ScriptErrorLog;
import io.mixgate.script.ScriptHost;
import io.mixgate.script.ScriptQueues;
import io.mixgate.script.ScriptVersions;
import io.mixgate.script.ScriptStallWatch;
import io.mixgate.session.ClientIdGenerator;
import io.mixgate.session.SessionRegistry;
import io.mixgate.transport.ClientServer;
import io.mixgate.transport.EventLoopFanout;
import io.mixgate.transport.EventLoops;
import io.mixgate.transport.http.NettyScriptHttpClient;
import io.mixgate.transport.RedisFlushConsolidation;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of a node from its config, starts them in order and
 * closes them in reverse. Nothing else creates threads, servers or brokers.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private final List<ClientServer> servers = new ArrayList<>();
    private final SessionRegistry registry = new SessionRegistry();
    private final List<ScriptVersions> scriptVersions = new ArrayList<>();
    /** Read by /v1/stats from API threads while the node starts. */
    private final List<ScriptHost> scriptHosts = new CopyOnWriteArrayList<>();
    private ScriptReloader scriptReloader;
    private int nodeId;
    private MeshParts meshParts;
    private NodeQueues queues;
    private ApiServer api;
    private DemoAuthServer demoAuth;
    private GatewayConfig startConfig;
    private ApiAccessControl apiAccess;
    private HotConfig hotConfig;
    private NodeDrain drain;
    private String transportName;
    private Upstreams upstreams = new Upstreams();
    private Map<String, ServiceNode> services = Map.of();

    private Gateway() {
    }

    /** Starts a node; on any failure closes what already started and rethrows. */
    public static Gateway start(GatewayConfig config, Clock clock) throws Exception {
        Gateway gateway = new Gateway();
        try {
            gateway.startParts(config, clock);
            return gateway;
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private void startParts(GatewayConfig config, Clock clock) throws Exception {
        startConfig = config;
        apiAccess = new ApiAccessControl(config.access());
        NodeMetrics metrics = new NodeMetrics();
        closeOrder.push(metrics);
        SubscriptionIndex subscriptions = new SubscriptionIndex();
        // a mesh numbers and keeps history in Redis (MeshHistory, built with the broker): delivery numbers nothing
        MemoryHistory localHistory = config.redis().mode() == RedisConfig.Mode.NONE
                ? new MemoryHistory(config.history(), subscriptions, clock::millis) : MemoryHistory.disabled(subscriptions);
        EventLoopFanout fanout = new EventLoopFanout();
        Delivery delivery = new Delivery(subscriptions, fanout, localHistory);
        RedisResources redisResources = new RedisResources(config.redis(), new RedisFlushConsolidation());
        closeOrder.push(redisResources);
        CommandPools redisPools = new CommandPools(config.redis(), redisResources);
        closeOrder.push(redisPools);
        ScriptStallWatch scriptStalls = ScriptStallWatch.start(config.script().stallThreshold());
        closeOrder.push(scriptStalls);
        ThreadFactory laneThreads = Thread.ofVirtual().name("script-lane-", 0).factory();
        InFlightTasks laneExecutor = new InFlightTasks(task -> laneThreads.newThread(task).start());
        drain = new NodeDrain(config.drain(), () -> servers.forEach(ClientServer::stopAccepting), registry,
                laneExecutor, timeout -> api == null || api.finishRequests(timeout), System::nanoTime);
        // /health is red while draining or while the script lanes stall; the mesh link is reported apart
        Supplier<String> notReady = () -> {
            String draining = drain.notReady();
            return draining != null ? draining : scriptStalls.problem();
        };
        ScriptErrorLog scriptErrors = new ScriptErrorLog(config.script().recentErrors(), clock, () -> nodeId);
        LocalOverview overview = new LocalOverview(() -> statsHere(delivery, clock), scriptErrors::recent);
        try {
            meshParts = MeshParts.build(config, clock, subscriptions, delivery, localHistory, fanout, registry, redisResources, this::apiPort,
                    notReady, overview, closeOrder);
        } catch (RuntimeException e) {
            throw StartException.redisUnreachable(e, config.redis());
        }
        nodeId = meshParts.nodeId();
        UpstreamDemand upstreamDemand;
        Ownership upstreamOwnership;
        ChannelDemand serviceDemand;
        Ownership serviceOwnership;
        if (meshParts.interest() != null) { // a mesh with upstreams or services: demand from every node, one owner each
            subscriptions.setInterest(ChannelInterests.all(meshParts.broker(), meshParts.interest()));
            upstreamDemand = new MeshDemand(meshParts.interest());
            LeasedOwnership leased = new LeasedOwnership(meshParts.leases(), "upstream");
            config.upstreams().forEach(u -> leased.contend(u.name()));
            upstreamOwnership = leased;
            serviceDemand = new MeshChannelDemand(meshParts.interest());
            LeasedOwnership leasedServices = new LeasedOwnership(meshParts.leases(), "service");
            config.services().stream().filter(ServiceConfig::one).forEach(s -> leasedServices.contend(s.name()));
            serviceOwnership = leasedServices;
        } else {
            LocalDemand local = new LocalDemand(subscriptions);
            subscriptions.setInterest(ChannelInterests.all(meshParts.broker(), local));
            upstreamDemand = local;
            upstreamOwnership = Ownership.ALWAYS;
            serviceDemand = new LocalChannelDemand(local, subscriptions);
            serviceOwnership = Ownership.ALWAYS;
        }
        MeshOperations mesh = meshParts.mesh();
        meterMesh(metrics, delivery, meshParts);
        NodeQueues queues = openQueues(config, redisResources, nodeId);
        closeOrder.push(queues);
        this.queues = queues;
        metrics.queues(queues::loads);
        ScriptQueues scriptQueues = (topic, client, json) -> queues.push(new QueueItem(nodeId, client, topic, json));

        // one I/O thread per core, as nginx runs one worker per core: fan-out hands each loop one task
        // per message, so fewer loops mean bigger batches and fewer cross-thread wake-ups
        EventLoops loops = new EventLoops(Runtime.getRuntime().availableProcessors(),
                EventLoops.Kind.parse(config.node().transport()));
        this.transportName = loops.transportName();
        closeOrder.push(loops);
        // mix.http.request: plain http runs on the event loops above (about half the JDK client's
        // CPU per request, which dominated the connect benchmark's auth call); https goes through
        // the JDK client
        HttpClient http = JdkScriptHttpClient.newDefaultClient();
        closeOrder.push(http::shutdownNow);
        NettyScriptHttpClient scriptHttp = new NettyScriptHttpClient(loops, new JdkScriptHttpClient(http));
        closeOrder.push(scriptHttp);
        MeteredScriptHttp meteredHttp = new MeteredScriptHttp(scriptHttp, metrics);
        ClientIdGenerator ids = new ClientIdGenerator(nodeId, clock.millis());

        ScheduledExecutorService timerThread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("script-timers").daemon().factory());
        closeOrder.push(timerThread::shutdownNow);
        TimerLimits timers = new TimerLimits(timerThread, config.timers().maxPerConnection(),
                config.timers().maxPerService(), config.timers().minInterval().toMillis());
        ServerStarter starter = new ServerStarter(config, subscriptions, mesh, meteredHttp, redisPools, scriptQueues,
                meshParts.history(),
                scriptStalls, scriptErrors, registry, ids, laneExecutor, clock, loops, timers, closeOrder);
        for (int serverIndex = 0; serverIndex < config.servers().size(); serverIndex++) {
            ServerStarter.Started started = starter.start(serverIndex);
            scriptVersions.add(started.script().versions());
            scriptHosts.add(started.script());
            servers.add(started.server());
            meterServer(metrics, serverIndex, started.server(), started.script());
        }

        ScriptServices upstreamServices = new ScriptServices(subscriptions, mesh, meteredHttp,
                config.script().httpTimeout(), Map.of(), 1, redisPools, scriptQueues);
        upstreams = new UpstreamStarter(config, upstreamServices, mesh, scriptStalls, new NettyUpstreamConnector(loops),
                upstreamDemand, upstreamOwnership, clock, closeOrder, scriptVersions).start();
        upstreams.feeds().forEach(feed -> metrics.upstream(feed.name(), feed::messagesIn, feed::reconnects,
                () -> feed.status().staleChannels()));

        ScriptServices serviceServices = new ScriptServices(subscriptions, mesh, meteredHttp,
                config.script().httpTimeout(), Map.of(), 1, redisPools, scriptQueues, meshParts.history(),
                config.history().maxEnvelopeBytes(), timers);
        CandleStore candles = CandleStores.open(config, redisPools, clock);
        closeOrder.push(candles);
        services = new ServiceStarter(config, serviceServices.withCandles(candles), scriptStalls, scriptErrors, subscriptions, ids,
                laneExecutor, serviceOwnership, serviceDemand,
                streamRedis(config, redisResources), nodeId, closeOrder, scriptVersions).start();
        services.forEach((name, service) -> metrics.service(name, service::received, service::dropped,
                service::unsubscribedDrops, service::abortRestarts));

        scriptReloader = new ScriptReloader(scriptVersions, task -> Thread.ofVirtual().name("script-reload").start(task));
        SSLContext apiTls = TlsSetup.forApi(config.apiServer().tls(), closeOrder);
        ApiServer.Builder apiBuilder = ApiServer.builder(new ApiServerSettings(config.apiServer().bind(), config.apiServer().port(),
                        config.apiServer().maxBodySize(), config.apiServer().requestTimeout(),
                        config.apiServer().idleTimeout()),
                        new MeteredMesh(mesh, metrics, meshParts.registry() != null, nodeId, ClientIdGenerator::nodeOf))
                .directory(meshParts.directory())
                .connections(meshParts.connections())
                .presence(meshParts.presence(), config.presence().maxFollowsPerConnection(),
                        config.presence().maxBufferedEvents())
                .scripts(scriptReloader)
                .queues(queues)
                .access(apiAccess.policy())
                .metrics(metrics)
                .overview(meshParts.overview())
                .upstreams(upstreams);
        if (!config.routes().isEmpty()) {
            apiBuilder.scriptRoutes(new ServiceRoutes(config.routes(), services));
        }
        if (apiTls != null) {
            apiBuilder.tls(apiTls, config.apiServer().tls().protocols());
        }
        api = apiBuilder.build();
        try {
            api.start();
        } catch (Exception e) {
            throw StartException.portInUse(e, "apiServer.port", config.apiServer().bind(), config.apiServer().port());
        }
        closeOrder.push(api);
        meshParts.apiBound(config, api.port());

        DemoAuthConfig demo = config.demoAuth();
        if (demo.enabled()) {
            demoAuth = new DemoAuthServer(demo.bind(), demo.port(), demo.path(), demo.tokens());
            try {
                demoAuth.start();
            } catch (Exception e) {
                throw StartException.portInUse(e, "demoAuth.port", demo.bind(), demo.port());
            }
            closeOrder.push(demoAuth);
            log.warn("demo auth endpoint on http://{}:{}{} with {} demo tokens: for trying mixgate out, not for production",
                    demo.bind(), demoAuth.port(), demo.path(), demo.tokens().size());
        }
        log.info("mixgate node {} started", nodeId);
    }

    /** This node's figures now, for /v1/stats and the admin page. */
    private NodeStats statsHere(Delivery delivery, Clock clock) {
        long in = 0;
        long errors = 0;
        List<ScriptReloads.ScriptVersionInfo> scripts = new ArrayList<>();
        for (ScriptHost host : scriptHosts) {
            in += host.counters().messagesRead();
            errors += host.counters().errors() + host.counters().aborts();
            scripts.add(new ScriptReloads.ScriptVersionInfo(host.scriptName(), host.versions().currentId()));
        }
        return new NodeStats(Integer.toString(nodeId), clock.millis(), meshParts.mesh().health(), in,
                delivery.messages(), delivery.delivered(), delivery.failed(), errors, scripts);
    }

    private void meterMesh(NodeMetrics metrics, Delivery delivery, MeshParts parts) {
        metrics.clients(registry::size);
        metrics.laneBacklog(registry::queuedCallbacks);
        metrics.delivery(delivery::messages, delivery::delivered, delivery::failed);
        if (parts.broker() instanceof RedisBroker redis) {
            metrics.redisLink(redis::isHealthy, redis::reconnects);
        }
        if (parts.history() instanceof MeshHistory h) {
            metrics.history(h::reads, h::recovered, h::notRecovered, h::gapsFilled, h::gapsUnrecoverable);
        }
    }

    private static void meterServer(NodeMetrics metrics, int index, ClientServer ws, ScriptHost script) {
        metrics.serverConnections(index, ws::connectionCount);
        metrics.slowConsumerCloses(index, ws::slowConsumerCloses);
        metrics.compressedMessages(index, ws::compressedMessages);
        metrics.scriptEncodedMessages(index, ws::scriptEncodedMessages);
        metrics.script(index, script.counters()::callbacks, script.counters()::errors, script.counters()::aborts,
                script.counters()::messagesRead);
    }

    /**
     * Watches {@code file}, which this node was started from with {@code overrides}, and applies
     * its hot keys ({@code access}, {@code logging.level}) whenever it changes; see {@link HotConfig}.
     * Called once, after {@link #start}.
     */
    public synchronized void watchConfig(Path file, List<String> overrides) {
        watchConfig(file, Map.of(), overrides);
    }

    /** As {@link #watchConfig(Path, List)}, with the {@code MIXGATE_*} variables the node was started with. */
    public synchronized void watchConfig(Path file, Map<String, String> environment, List<String> overrides) {
        if (hotConfig != null) {
            throw new IllegalStateException("the config file is already watched");
        }
        hotConfig = new HotConfig(file, environment, overrides, startConfig, apiAccess);
        closeOrder.push(ConfigFileWatcher.start(file, hotConfig::reload));
    }

    /** Re-reads the watched config file now (SIGHUP); false when {@link #watchConfig} was not called. */
    public synchronized boolean reloadConfig(String why) {
        if (hotConfig == null) {
            return false;
        }
        hotConfig.reload(why);
        return true;
    }

    /** The queues of mix.queue.push: in memory on a single node, Redis streams in a mesh (the same switch as MeshParts). */
    private static NodeQueues openQueues(GatewayConfig config, RedisResources resources, int nodeId) {
        return config.redis().mode() == RedisConfig.Mode.NONE ? new MemoryQueues(config.queue())
                : RedisQueues.connect(config.redis(), resources, config.queue(), nodeId);
    }

    /** The node's queues (what scripts push, what {@code queue.pop} consumes). */
    public NodeQueues queues() {
        return queues;
    }

    /**
     * The Redis client {@code svc:consume_stream} connects with: the mesh Redis (standalone or
     * Sentinel), made on first use and closed with the node; null without one (or on a cluster).
     */
    private Supplier<RedisClient> streamRedis(GatewayConfig config, RedisResources resources) {
        RedisConfig.Mode mode = config.redis().mode();
        if (mode != RedisConfig.Mode.STANDALONE && mode != RedisConfig.Mode.SENTINEL) {
            return () -> null;
        }
        RedisClient[] client = new RedisClient[1];
        return () -> {
            synchronized (client) {
                if (client[0] == null) {
                    RedisClient c = RedisClient.create(resources.resources(), RedisEndpoints.single(config.redis()));
                    c.setOptions(resources.clientOptions());
                    client[0] = c;
                    synchronized (closeOrder) {
                        closeOrder.push(c::shutdown);
                    }
                }
                return client[0];
            }
        };
    }

    /** The node's services ({@code services[]}), by name. */
    public Map<String, ServiceNode> services() {
        return services;
    }

    /** The node's upstream feeds ({@code upstreams[]}). */
    public Upstreams upstreams() {
        return upstreams;
    }

    public int nodeId() {
        return nodeId;
    }

    /** What moves the client servers' bytes: {@code epoll}, {@code io_uring} or {@code nio}. */
    public String transportName() {
        return transportName;
    }

    /** The bound port of {@code servers[index]}. */
    public int serverPort(int index) {
        return servers.get(index).port();
    }

    public int apiPort() {
        return api.port();
    }

    /** Messages {@code servers[index]} compressed with permessage-deflate (once per message and window). */
    public long compressedMessages(int index) {
        return servers.get(index).compressedMessages();
    }

    /** Messages the script of socket server {@code servers[index]} encoded with {@code protocol_encode} (once per message). */
    public long scriptEncodedMessages(int index) {
        return servers.get(index).scriptEncodedMessages();
    }

    /** New connections that {@code servers[index].maxConnectionsPerSecondPerIp} closed at accept. */
    public long connectionsRefusedPerIp(int index) {
        return servers.get(index).connectionsRefusedPerIp();
    }

    /** The demo auth endpoint's port; only when {@code demoAuth.enabled}. */
    public int demoAuthPort() {
        if (demoAuth == null) {
            throw new IllegalStateException("demoAuth is not enabled");
        }
        return demoAuth.port();
    }

    /** Reloads every server's scripts (SIGHUP, {@code POST /v1/scripts/reload}). */
    public ScriptReloads scripts() {
        return scriptReloader;
    }

    /** The current script version of {@code servers[index]}. */
    public long scriptVersion(int index) {
        return scriptVersions.get(index).currentId();
    }

    /** Live {@code mix.timer} timers of the connections of {@code servers[index]}. */
    public int liveTimers(int index) {
        return scriptHosts.get(index).liveTimers();
    }

    /** Open client connections. */
    public int connectionCount() {
        return registry.size();
    }

    /**
     * Drains the node (SIGTERM, see {@link NodeDrain}): {@code /health} red, listeners closed,
     * clients closed with 1012 spread over {@code drain.window}, in-flight work awaited. Blocks;
     * call {@link #close()} afterwards.
     *
     * @return what was still left when {@code drain.timeout} ran out, empty when the drain completed
     */
    public List<String> drain() throws InterruptedException {
        return drain.run();
    }

    @Override
    public void close() {
        while (!closeOrder.isEmpty()) {
            AutoCloseable part = closeOrder.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("error while closing {}", part, e);
            }
        }
    }
}
