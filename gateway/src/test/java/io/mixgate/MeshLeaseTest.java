package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.mixgate.cluster.MeshLease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MeshLease} against a real Redis: one owner, renewal, takeover, release, and the owner's early lapse. */
class MeshLeaseTest {
    private static final Duration TTL = Duration.ofMillis(1500);
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final String KEY = "t:lease:{feed}";

    private RedisServer redis;
    private RedisClient client;
    private final List<StatefulRedisConnection<String, byte[]>> connections = new ArrayList<>();
    private final List<ScheduledExecutorService> timers = new ArrayList<>();
    private final List<MeshLease> leases = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.launch();
        client = RedisClient.create("redis://127.0.0.1:" + redis.port);
    }

    @AfterEach
    void stop() throws Exception {
        leases.forEach(MeshLease::close);
        timers.forEach(ScheduledExecutorService::shutdownNow);
        connections.forEach(StatefulRedisConnection::close);
        client.shutdown();
        redis.close();
    }

    private MeshLease lease(int node) {
        StatefulRedisConnection<String, byte[]> c = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        connections.add(c);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timers.add(timer);
        MeshLease lease = new MeshLease(c.async(), "t:", node, TTL, TIMEOUT, timer, System::nanoTime);
        leases.add(lease);
        lease.contend("feed");
        lease.start();
        return lease;
    }

    private String holderInRedis() throws Exception {
        byte[] v = connections.getFirst().sync().get(KEY);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static long owners(List<MeshLease> all) {
        return all.stream().filter(l -> l.owns("feed")).count();
    }

    @Test
    void exactlyOneOfThreeOwnsAndKeepsItLongPastTheTtl() throws Exception {
        List<MeshLease> all = List.of(lease(1), lease(2), lease(3));
        Await.until("one owner", Duration.ofSeconds(5), () -> owners(all), n -> n == 1);
        MeshLease owner = all.stream().filter(l -> l.owns("feed")).findFirst().orElseThrow();
        int ownerId = all.indexOf(owner) + 1;
        long end = System.nanoTime() + TTL.multipliedBy(3).toNanos();
        while (System.nanoTime() < end) { // renewals every ttl/3 keep it: never two owners, never another one
            assertEquals(1, owners(all));
            assertTrue(owner.owns("feed"), "the owner renews its lease");
            TimeUnit.MILLISECONDS.sleep(20); // sampling the invariant over three ttls, not waiting for an event
        }
        for (MeshLease l : all) {
            assertEquals(ownerId, l.holder("feed"), "every contender sees who holds it");
        }
        assertTrue(holderInRedis().startsWith(ownerId + ":"), holderInRedis());
    }

    @Test
    void anOwnerThatStopsRenewingLapsesBeforeRedisExpiresItAndAnotherTakesOver() throws Exception {
        MeshLease first = lease(1);
        Await.until("node 1 owns", Duration.ofSeconds(5), () -> first.owns("feed"), b -> b);
        MeshLease second = lease(2);
        long stopped = System.nanoTime();
        timers.getFirst().shutdownNow(); // node 1 stops renewing, as if frozen or killed (no release)
        Await.until("node 1 stops acting as owner", Duration.ofSeconds(5), () -> first.owns("feed"), b -> !b);
        long lapsed = System.nanoTime() - stopped;
        assertTrue(holderInRedis() != null && holderInRedis().startsWith("1:"),
                "node 1 stopped owning while Redis still held its lease: " + holderInRedis());
        assertTrue(lapsed < TTL.toNanos(), "lapsed after " + lapsed / 1_000_000 + " ms");
        Await.until("node 2 takes over", Duration.ofSeconds(5), () -> second.owns("feed"), b -> b);
        long tookOver = System.nanoTime() - stopped;
        assertTrue(tookOver < TTL.toNanos() + TTL.toNanos() / 3 + 500_000_000L, "took over after " + tookOver / 1_000_000 + " ms");
        assertFalse(first.owns("feed"));
    }

    @Test
    void releaseOnCloseHandsTheLeaseOverWithoutWaitingForTheTtl() throws Exception {
        MeshLease first = lease(1);
        Await.until("node 1 owns", Duration.ofSeconds(5), () -> first.owns("feed"), b -> b);
        MeshLease second = lease(2);
        Await.until("node 2 sees node 1 hold it", Duration.ofSeconds(5), () -> second.holder("feed"), h -> h == 1);
        first.close();
        assertFalse(first.owns("feed"));
        assertTrue(holderInRedis() == null || holderInRedis().startsWith("2:"), holderInRedis());
        Await.until("node 2 owns", Duration.ofSeconds(5), () -> second.owns("feed"), b -> b);
    }

    @Test
    void compareAndDeleteNeverDeletesAnotherNodesLeaseAndTheLoserStopsOwning() throws Exception {
        MeshLease first = lease(1);
        Await.until("node 1 owns", Duration.ofSeconds(5), () -> first.owns("feed"), b -> b);
        // another node's lease in its place (as after node 1's had expired and node 9 took it)
        connections.getFirst().sync().set(KEY, "9:other".getBytes(StandardCharsets.UTF_8));
        Await.until("node 1 learns it lost the lease", Duration.ofSeconds(5), () -> first.owns("feed"), b -> !b);
        assertEquals(9, first.holder("feed"));
        first.close();
        assertEquals("9:other", holderInRedis(), "the release left the other node's lease alone");
    }

    @Test
    void aStalledRedisMakesTheOwnerStopWithinTheTtlAndNobodyOwnsUntilItIsBack() throws Exception {
        MeshLease first = lease(1);
        MeshLease second = lease(2);
        List<MeshLease> all = List.of(first, second);
        Await.until("one owner", Duration.ofSeconds(5), () -> owners(all), n -> n == 1);
        redis.pause(); // SIGSTOP: renewals go unanswered
        try {
            long paused = System.nanoTime();
            Await.until("nobody owns", Duration.ofSeconds(5), () -> owners(all), n -> n == 0);
            assertTrue(System.nanoTime() - paused < TTL.toNanos(), "the owner stopped before the lease could expire");
            long end = System.nanoTime() + TTL.multipliedBy(2).toNanos();
            while (System.nanoTime() < end) { // nobody can take it while Redis is unreachable
                assertEquals(0, owners(all));
                TimeUnit.MILLISECONDS.sleep(20); // sampling the invariant, not waiting for an event
            }
        } finally {
            redis.resume();
        }
        Await.until("one owner again", Duration.ofSeconds(10), () -> owners(all), n -> n == 1);
    }
}
