package io.mixgate.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's entry in the mesh's registry, and the registry as {@code GET /v1/nodes} reads it.
 *
 * <p>The registry is one Redis hash, {@code <prefix>nodes}: field = node id, value = JSON
 * {@code {"id","api_server","started_at","connections","heartbeat_at","expires_at"}}. One key
 * keeps it on one slot, so it works on a cluster too. Every {@code heartbeat} the node rewrites
 * its entry with {@code expires_at = now + nodeExpiry}; readers skip entries past their expiry
 * and delete them, so a node that died without saying goodbye disappears within
 * {@code nodeExpiry} (node clocks are assumed in sync to well under that, as with NTP). A node
 * that closes deletes its entry at once.
 *
 * <p>Thread safety: thread-safe. {@link #nodes()} and the heartbeat never block;
 * {@link #claimId} and {@link #close()} wait for Redis, so call them only while the node
 * starts or stops.
 */
public final class NodeRegistry implements NodeDirectory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final String key;
    private final int nodeId;
    private final Duration heartbeat;
    private final ScheduledExecutorService timer;
    private volatile String apiServer = "";
    private volatile ScheduledFuture<?> beat;
    private final Clock clock;
    private final Duration expiry;
    private final long startedAt;
    private final LongSupplier connections;
    private volatile boolean lastBeatFailed;

    /** A registry entry for this node; {@link #start} registers it. */
    public NodeRegistry(RedisClusterAsyncCommands<String, byte[]> redis, String prefix, int nodeId,
                        LongSupplier connections, Clock clock, Duration heartbeat, Duration expiry,
                        ScheduledExecutorService timer) {
        this.redis = redis;
        this.key = prefix + "nodes";
        this.nodeId = nodeId;
        this.clock = clock;
        this.expiry = expiry;
        this.startedAt = clock.millis();
        this.connections = connections;
        this.heartbeat = heartbeat;
        this.timer = timer;
    }

    /** Registers this node, reachable at {@code apiServer}, and keeps its entry fresh; call once. */
    public void start(String apiServer) {
        this.apiServer = apiServer;
        this.beat = timer.scheduleAtFixedRate(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The id this node should use: {@code configured} when not 0 (a warning when a live node
     * already has it), otherwise a random id no live node has. Blocks for up to {@code timeout}.
     */
    public static int claimId(RedisClusterAsyncCommands<String, byte[]> redis, String prefix, int configured,
                              int maxId, Clock clock, Duration timeout) throws Exception {
        Map<String, byte[]> entries = redis.hgetall(prefix + "nodes").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<NodeInfo> live = live(entries, clock.millis());
        if (configured != 0) {
            if (live.stream().anyMatch(n -> n.id().equals(Integer.toString(configured)))) {
                log.warn("node id {} is already registered by a live node: two nodes with one id break send routing"
                        + " (fine if this is that node restarting)", configured);
            }
            return configured;
        }
        Set<String> taken = new HashSet<>();
        live.forEach(n -> taken.add(n.id()));
        Random random = new Random();
        for (int tries = 0; ; tries++) {
            int candidate = random.nextInt(1, maxId + 1);
            if (!taken.contains(Integer.toString(candidate)) || tries > 1000) {
                return candidate;
            }
        }
    }

    @Override
    public CompletionStage<List<NodeInfo>> nodes() {
        return redis.hgetall(key).thenApply(entries -> {
            long now = clock.millis();
            List<String> expired = new ArrayList<>();
            entries.forEach((id, json) -> {
                JsonNode entry = read(json);
                if (entry == null || entry.path("expires_at").asLong() <= now) {
                    expired.add(id);
                }
            });
            if (!expired.isEmpty()) {
                redis.hdel(key, expired.toArray(String[]::new));
            }
            return live(entries, now);
        });
    }

    @Override
    public void close() {
        if (beat == null) {
            return;
        }
        beat.cancel(false);
        try {
            redis.hdel(key, Integer.toString(nodeId)).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("could not remove node {} from the registry; it expires in {}: {}", nodeId, expiry, e.toString());
        }
    }

    private void beat() {
        long now = clock.millis();
        byte[] entry;
        try {
            entry = JSON.writeValueAsBytes(Map.of("id", Integer.toString(nodeId), "api_server", apiServer,
                    "started_at", startedAt, "connections", connections.getAsLong(), "heartbeat_at", now,
                    "expires_at", now + expiry.toMillis()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        redis.hset(key, Integer.toString(nodeId), entry).whenComplete((ok, failure) -> {
            if (failure != null && !lastBeatFailed) {
                lastBeatFailed = true;
                log.warn("node registry heartbeat failed: {}; other systems may stop seeing node {}", failure.toString(), nodeId);
            } else if (failure == null && lastBeatFailed) {
                lastBeatFailed = false;
                log.info("node registry heartbeat works again for node {}", nodeId);
            }
        });
    }

    private static List<NodeInfo> live(Map<String, byte[]> entries, long now) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (byte[] json : entries.values()) {
            JsonNode node = read(json);
            if (node != null && node.path("expires_at").asLong() > now) {
                nodes.add(new NodeInfo(node.path("id").asText(), node.path("api_server").asText(),
                        node.path("started_at").asLong(), node.path("connections").asLong(),
                        node.path("heartbeat_at").asLong()));
            }
        }
        nodes.sort(Comparator.comparing(NodeInfo::id));
        return nodes;
    }

    private static JsonNode read(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
