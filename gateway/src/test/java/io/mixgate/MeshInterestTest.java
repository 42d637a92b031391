package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.broker.StandaloneLink;
import io.mixgate.cluster.MeshInterest;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MeshInterest} between nodes on a real Redis: notices, a late joiner, a killed node's expiry, healing. */
class MeshInterestTest {
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration RECONCILE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RedisServer redis;
    private RedisConfig config;
    private RedisResources resources;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One node: its local subscribers, its interest, what its listener heard. */
    private final class Node {
        final Set<String> local = ConcurrentHashMap.newKeySet();
        final List<String> heard = new CopyOnWriteArrayList<>();
        final TappedLink link;
        final MeshInterest interest;

        Node(int id) {
            link = new TappedLink(StandaloneLink.connect(RedisEndpoints.single(config), resources));
            open.add(link);
            interest = new MeshInterest(link, "t:", id, TTL, RECONCILE, Duration.ofMillis(500), local::contains,
                    () -> List.copyOf(local), System::nanoTime);
            interest.listen(new MeshInterest.Listener() {
                @Override
                public void wanted(String channel) {
                    heard.add("+" + channel);
                }

                @Override
                public void unwanted(String channel) {
                    heard.add("-" + channel);
                }
            });
            interest.start();
            open.add(interest);
        }

        void subscribe(String channel) {
            local.add(channel);
            interest.firstSubscriber(channel);
        }

        void leave(String channel) {
            local.remove(channel);
            interest.lastSubscriberGone(channel);
        }
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        config = ConfigLoader.parse("redis:\n  uri: " + redis.uri() + "\n", "test", List.of()).redis();
        resources = new RedisResources(config, new RedisFlushConsolidation());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        resources.close();
        redis.close();
    }

    @Test
    void aChannelWantedOnOneNodeIsWantedOnTheOthersUntilItsLastSubscriberLeaves() throws Exception {
        Node one = new Node(1);
        Node two = new Node(2);
        Node three = new Node(3);
        one.subscribe("ex:A@depth");
        Await.until("node 2 hears it is wanted", WAIT, () -> two.interest.wanted("ex:A@depth") && two.heard.contains("+ex:A@depth"), b -> b);
        Await.until("node 3 too", WAIT, () -> three.interest.wanted("ex:A@depth"), b -> b);
        three.subscribe("ex:A@depth");
        one.leave("ex:A@depth"); // node 3 still has a subscriber: wanted everywhere
        Await.until("node 1 sees node 3's subscriber", WAIT, () -> one.interest.wanted("ex:A@depth"), b -> b);
        assertTrue(two.interest.wanted("ex:A@depth"));
        three.leave("ex:A@depth");
        for (Node n : List.of(one, two, three)) {
            Await.until("nobody wants it", WAIT, () -> n.interest.wanted("ex:A@depth"), b -> !b);
        }
        assertTrue(two.heard.contains("-ex:A@depth"), two.heard.toString());
    }

    @Test
    void aNodeThatStartsLaterIsToldEveryChannelWantedNow() throws Exception {
        Node one = new Node(1);
        one.subscribe("a");
        one.subscribe("b");
        Node late = new Node(2);
        Await.until("the late node hears both", WAIT, () -> late.heard, h -> h.contains("+a") && h.contains("+b"));
        assertTrue(late.interest.wanted("a") && late.interest.wanted("b"));
        assertFalse(late.interest.wanted("c"));
    }

    @Test
    void aKilledNodesInterestDisappearsWithinTheTtlAndAThird() throws Exception {
        Node victim = new Node(1);
        Node survivor = new Node(2);
        victim.subscribe("a");
        Await.until("the survivor sees it", WAIT, () -> survivor.interest.wanted("a"), b -> b);
        long killed = System.nanoTime();
        victim.link.close(); // it can no longer renew anything, as a killed node (its worker keeps failing)
        Await.until("the survivor forgets it", WAIT, () -> survivor.interest.wanted("a"), b -> !b);
        long took = System.nanoTime() - killed;
        assertTrue(took < TTL.toNanos() * 4 / 3 + Duration.ofMillis(700).toNanos(), "took " + took / 1_000_000 + " ms");
        assertTrue(survivor.heard.contains("-a"));
    }

    @Test
    void interestWrittenWithoutANoticeAndInterestRedisLostAreHealed() throws Exception {
        Node one = new Node(1);
        Node two = new Node(2);
        // a node whose notice was missed (written straight into Redis): the periodic re-read finds it
        redis.command("HSET t:interest:{77} \"\" 5 z 1");
        redis.command("PEXPIRE t:interest:{77} 60000");
        redis.command("SADD t:interest:nodes 77");
        Await.until("the re-read finds node 77's channel", WAIT, () -> two.interest.wanted("z"), b -> b);

        one.subscribe("a");
        Await.until("node 2 sees it", WAIT, () -> two.interest.wanted("a"), b -> b);
        redis.command("FLUSHALL"); // Redis lost everything (a restart without persistence)
        Await.until("node 1 wrote its channels again", WAIT, () -> redis.command("HEXISTS t:interest:{1} a"), ":1"::equals);
        Await.until("node 2 wants it (again)", WAIT, () -> two.interest.wanted("a"), b -> b);
        Await.until("node 77's channel is gone with its hash", WAIT, () -> two.interest.wanted("z"), b -> !b);
    }
}
