package io.mixgate;

import io.mixgate.core.Connections;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeOverview;
import io.mixgate.presence.MeshPresence;
import io.mixgate.presence.PresenceTracker;
import io.mixgate.presence.PresenceWire;
import io.mixgate.core.PresenceFeed;
import io.mixgate.broker.NodeInbox;
import io.mixgate.broker.Broker;
import io.mixgate.broker.MemoryBroker;
import io.mixgate.broker.BrokerListener;
import io.mixgate.broker.RedisBroker;
import io.mixgate.broker.RedisHistoryStore;
import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.pubsub.ChannelHistory;
import io.mixgate.pubsub.MeshHistory;
import io.mixgate.session.FrameFanout;
import java.util.List;
import io.mixgate.broker.RedisLink;
import io.mixgate.broker.ShardedClusterLink;
import io.mixgate.broker.StandaloneLink;
import io.mixgate.cluster.MeshInterest;
import io.mixgate.cluster.MeshLease;
import io.mixgate.cluster.TappedLink;
import io.mixgate.config.MeshConfig;
import io.mixgate.config.GatewayConfig;
import io.mixgate.config.RedisConfig;
import io.mixgate.node.ConnCalls;
import io.mixgate.node.LocalConnections;
import io.mixgate.node.LocalDirectory;
import io.mixgate.node.MeshConnections;
import io.mixgate.node.LocalMesh;
import io.mixgate.node.LocalOverview;
import io.mixgate.node.MeshOverview;
import io.mixgate.node.NodeRegistry;
import io.mixgate.node.RedisMesh;
import io.mixgate.node.NodeRequests;
import io.mixgate.pubsub.Delivery;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.redis.RedisResources;
import io.mixgate.session.ClientIdGenerator;
import io.mixgate.session.SessionRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The broker-dependent part of a node, built by {@link Gateway}: the one {@code switch} between
 * a single node on the in-process broker and a member of a Redis mesh.
 *
 * @param nodeId    this node's id, checked against the registry when in a mesh
 * @param broker    carries publishes
 * @param mesh      publish and send, for the API and {@code mix.mesh}
 * @param directory the nodes {@code GET /v1/nodes} lists
 * @param registry  this node's registry entry in a mesh, null when alone
 * @param connections what {@code /v1/connections} and {@code /v1/channels} see: this node alone, or the mesh
 * @param overview  what {@code /v1/stats} and {@code /v1/scripts/errors} see: this node alone, or the mesh
 * @param presence  join/leave events for {@code presence.subscribe}: this node alone, or the mesh
 * @param interest  mesh-wide channel interest, started; null when alone or when nothing needs it
 *                  (no {@code upstreams[]} and no {@code services[]}); the caller makes it hear the subscription index
 * @param leases    named leases, started; null when {@code interest} is
 * @param history   channel history for the scripts: in this node's memory, or in Redis for a mesh
 */
record MeshParts(int nodeId, Broker broker, MeshOperations mesh, NodeDirectory directory, NodeRegistry registry,
                 Connections connections, NodeOverview overview, PresenceFeed presence, MeshInterest interest,
                 MeshLease leases, ChannelHistory history) {

    /**
     * Builds the parts and pushes everything to close on {@code closeOrder}. Connecting to Redis
     * blocks; a Redis that cannot be reached fails the start.
     *
     * @param apiPort read per request by a lone node's directory, once the API is bound
     * @param scriptStalls why the node should get no new clients (draining, stalled script lanes), or null: its readiness
     * @param overview this node's figures and script errors, which a mesh also answers to other nodes
     */
    static MeshParts build(GatewayConfig config, Clock clock, SubscriptionIndex subscriptions, Delivery delivery,
                           ChannelHistory localHistory, FrameFanout fanout, SessionRegistry sessions, RedisResources resources, IntSupplier apiPort,
                           Supplier<String> scriptStalls, LocalOverview overview, Deque<AutoCloseable> closeOrder)
            throws Exception {
        RedisConfig redis = config.redis();
        if (redis.mode() == RedisConfig.Mode.NONE) {
            int nodeId = config.node().id() != 0 ? config.node().id()
                    : ThreadLocalRandom.current().nextInt(1, ClientIdGenerator.MAX_NODE_ID + 1);
            Broker broker = new MemoryBroker(delivery::deliver);
            closeOrder.push(broker);
            LocalDirectory directory = new LocalDirectory(nodeId, () -> apiAddress(redis, apiPort.getAsInt()),
                    sessions::size, clock);
            PresenceTracker presence = new PresenceTracker(nodeId, config.presence().maxChannels(), clock::millis);
            subscriptions.setPresence(presence);
            return new MeshParts(nodeId, broker, new LocalMesh(broker, sessions, new ConnCalls(sessions, subscriptions), scriptStalls), directory, null,
                    new LocalConnections(nodeId, sessions, subscriptions), overview, presence, null, null, localHistory);
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("mesh-timer").daemon().factory());
        timer.setRemoveOnCancelPolicy(true); // every remote send schedules a timeout it usually cancels
        closeOrder.push(timer::shutdownNow);
        RedisLink connected = redis.mode() == RedisConfig.Mode.CLUSTER
                ? ShardedClusterLink.connect(RedisEndpoints.cluster(redis), resources)
                : StandaloneLink.connect(RedisEndpoints.single(redis), resources);
        // mesh-wide interest shares the broker's pub/sub connection (a tap); without upstreams or services
        // nothing needs it, and the broker's messages do not pass through the tap's lookup
        boolean coordinated = !config.upstreams().isEmpty() || !config.services().isEmpty();
        TappedLink tapped = coordinated ? new TappedLink(connected) : null;
        RedisLink link = coordinated ? tapped : connected;
        closeOrder.push(link);
        int nodeId = NodeRegistry.claimId(link.commands(), redis.prefix(), config.node().id(),
                ClientIdGenerator.MAX_NODE_ID, clock, redis.commandTimeout());
        ConnCalls calls = new ConnCalls(sessions, subscriptions);
        LocalConnections localConnections = new LocalConnections(nodeId, sessions, subscriptions);
        NodeRequests remote = new NodeRequests(nodeId, sessions, calls, localConnections, redis.sendTimeout(), timer);
        remote.answerOverview(overview);
        PresenceTracker tracker = new PresenceTracker(nodeId, config.presence().maxChannels(), clock::millis);
        MeshPresence[] presence = new MeshPresence[1]; // the inbox needs it, and it needs the registry built after the broker
        NodeInbox inbox = (payload, replies) -> {
            if (PresenceWire.isPresence(payload)) {
                MeshPresence p = presence[0];
                if (p != null) {
                    p.onNodeMessage(payload, replies);
                }
            } else {
                remote.onNodeMessage(payload, replies);
            }
        };
        RedisHistoryStore store = new RedisHistoryStore(link, redis.prefix(), config.history(),
                redis.mode() == RedisConfig.Mode.CLUSTER);
        MeshHistory history = new MeshHistory(config.history(), subscriptions, store, fanout, delivery::count, timer,
                redis.commandTimeout());
        BrokerListener listener = new BrokerListener() {
            @Override
            public PublishResult onMessage(String channel, byte[] data, MessageType type) {
                return delivery.deliver(channel, data, type);
            }

            @Override
            public PublishResult onPublication(String channel, byte[] data, MessageType type, long offset, String epoch) {
                return history.deliver(channel, data, type, offset, epoch);
            }

            @Override
            public void subscribed(List<String> channels) {
                history.subscribed(channels);
            }
        };
        RedisBroker broker = new RedisBroker(link, redis, nodeId, listener, inbox,
                subscriptions::hasSubscribers, () -> new ArrayList<>(subscriptions.channelNames()), timer,
                history.rules(), store);
        closeOrder.push(broker);
        NodeRegistry registry = new NodeRegistry(link.commands(), redis.prefix(), nodeId, sessions::size, clock,
                redis.heartbeat(), redis.nodeExpiry(), timer);
        closeOrder.push(registry);
        RedisMesh mesh = new RedisMesh(nodeId, broker, new LocalMesh(broker, sessions, calls, scriptStalls), remote);
        // a follow is renewed every nodeExpiry and held for three of them: a dead node's follow ends, a new node learns it
        MeshPresence meshPresence = new MeshPresence(nodeId, tracker, registry, redis.sendTimeout(),
                redis.nodeExpiry().multipliedBy(3), timer);
        meshPresence.start(broker, redis.nodeExpiry());
        closeOrder.push(meshPresence);
        presence[0] = meshPresence;
        subscriptions.setPresence(tracker);
        MeshInterest interest = null;
        MeshLease leases = null;
        if (coordinated) { // their only users: a mesh without upstreams or services pays nothing
            MeshConfig m = config.mesh();
            interest = new MeshInterest(tapped, redis.prefix(), nodeId, m.interestTtl(), m.interestReconcile(),
                    redis.commandTimeout(), subscriptions::hasSubscribers,
                    () -> new ArrayList<>(subscriptions.channelNames()), System::nanoTime);
            interest.start();
            closeOrder.push(interest);
            leases = new MeshLease(link.commands(), redis.prefix(), nodeId, m.leaseTtl(), redis.commandTimeout(), timer,
                    System::nanoTime);
            leases.start();
            closeOrder.push(leases);
        }
        return new MeshParts(nodeId, broker, mesh, registry, registry,
                new MeshConnections(nodeId, localConnections, remote, broker, registry),
                new MeshOverview(nodeId, overview, remote, broker, registry), meshPresence, interest, leases, history);
    }

    /** The API is listening on {@code apiPort}: register this node in the mesh. */
    void apiBound(GatewayConfig config, int apiPort) {
        if (registry != null) {
            registry.start(apiAddress(config.redis(), apiPort));
        }
    }

    private static String apiAddress(RedisConfig redis, int apiPort) {
        if (!redis.advertiseApi().isEmpty()) {
            return redis.advertiseApi();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + apiPort;
    }
}
