package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mixgate.broker.ShardedClusterLink;
import io.mixgate.cluster.MeshInterest;
import io.mixgate.cluster.MeshLease;
import io.mixgate.cluster.TappedLink;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.RedisConfig;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.redis.RedisResources;
import io.mixgate.transport.RedisFlushConsolidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MeshInterest} and {@link MeshLease} on a real 3-master Redis Cluster: keys hash-tagged, notices sharded. */
class MeshClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private RedisClusterServers cluster;
    private RedisResources resources;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (resources != null) {
            resources.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void interestCrossesNodesAndOneNodeOwnsALeaseOnACluster() throws Exception {
        cluster = RedisClusterServers.launch();
        RedisConfig config = ConfigLoader.parse("redis:\n  cluster: [" + String.join(", ", cluster.seeds()) + "]\n",
                "test", List.of()).redis();
        resources = new RedisResources(config, new RedisFlushConsolidation());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        open.add(timer::shutdownNow);
        List<MeshInterest> interests = new ArrayList<>();
        List<MeshLease> leases = new ArrayList<>();
        List<Set<String>> locals = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            TappedLink link = new TappedLink(ShardedClusterLink.connect(RedisEndpoints.cluster(config), resources));
            open.add(link);
            Set<String> local = ConcurrentHashMap.newKeySet();
            locals.add(local);
            MeshInterest interest = new MeshInterest(link, "t:", id, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), local::contains, () -> List.copyOf(local), System::nanoTime);
            interest.start();
            open.add(interest);
            interests.add(interest);
            MeshLease lease = new MeshLease(link.commands(), "t:", id, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    timer, System::nanoTime);
            lease.contend("feed");
            lease.start();
            open.add(lease);
            leases.add(lease);
        }
        for (String channel : List.of("ex:A@depth", "ex:B@depth", "ex:C@trades", "room-4")) { // several slots
            locals.get(0).add(channel);
            interests.get(0).firstSubscriber(channel);
            Await.until("node 2 sees " + channel, WAIT, () -> interests.get(1).wanted(channel), b -> b);
        }
        locals.get(0).remove("room-4");
        interests.get(0).lastSubscriberGone("room-4");
        Await.until("node 2 sees room-4 left", WAIT, () -> interests.get(1).wanted("room-4"), b -> !b);
        Await.until("one owner", WAIT, () -> leases.stream().filter(l -> l.owns("feed")).count(), n -> n == 1);
        int owner = leases.get(0).owns("feed") ? 1 : 2;
        Await.until("both see the owner", WAIT, () -> leases.get(0).holder("feed") == owner
                && leases.get(1).holder("feed") == owner, b -> b);
        leases.get(owner - 1).close();
        Await.until("the other takes over after the release", WAIT, () -> leases.get(2 - owner).owns("feed"), b -> b);
        assertEquals(3 - owner, leases.get(2 - owner).holder("feed"));
    }
}
