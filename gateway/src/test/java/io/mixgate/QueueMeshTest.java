package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.resource.NettyCustomizer;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueItem;
import io.mixgate.queue.QueueRefusedException;
import io.mixgate.queue.RedisQueues;
import io.mixgate.redis.RedisResources;
import io.mixgate.testing.Conditions;
import io.mixgate.testing.RecordingSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mesh queues: several nodes' {@link RedisQueues} on one real Redis. */
class QueueMeshTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer redis;
    private final List<RedisQueues> nodes = new ArrayList<>();
    private final List<RedisResources> resources = new ArrayList<>();
    private final String prefix = "qt" + PREFIXES.incrementAndGet() + ":";

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(RedisQueues::close);
        resources.forEach(RedisResources::close);
    }

    /** A node-equivalent: its own queues and connections, as a node of the mesh opens them. */
    private RedisQueues node(int id, String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("redis.uri=" + redis.uri(), "redis.prefix=" + prefix,
                "queue.claimAfter=500ms"));
        all.addAll(List.of(overrides));
        GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"), all);
        RedisResources r = new RedisResources(config.redis(), new NettyCustomizer() {
        });
        resources.add(r);
        RedisQueues queues = RedisQueues.connect(config.redis(), r, config.queue(), id);
        nodes.add(queues);
        return queues;
    }

    private static QueueItem item(int node, String topic, int n) {
        return new QueueItem(node, "100" + n, topic, Integer.toString(n));
    }

    private static long push(RedisQueues q, QueueItem item) {
        return q.push(item).toCompletableFuture().join();
    }

    private static Throwable failure(RedisQueues q, QueueItem item) {
        return assertThrows(CompletionException.class, () -> q.push(item).toCompletableFuture().join()).getCause();
    }

    private String xlen(String topic) {
        return redis.command("XLEN " + prefix + "{q}:t:" + topic);
    }

    @Test
    void anItemPushedOnOneNodeReachesAConsumerOnAnother() throws Exception {
        RedisQueues a = node(1);
        RedisQueues b = node(2);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        b.consumer(sink).pop(List.of("orders"));
        assertEquals(1, push(a, new QueueItem(1, "555", "orders", "{\"x\":1}")));
        Conditions.awaitTrue(() -> sink.written().size() == 1, "the item reached node 2's consumer");
        assertEquals(new QueueItem(1, "555", "orders", "{\"x\":1}"), sink.written().get(0));
        Conditions.awaitTrue(() -> ":0".equals(xlen("orders")), "the item acknowledged and deleted");
        assertEquals(":0", redis.command("SCARD " + prefix + "{q}:topics"), "a drained topic leaves the topic set");
    }

    @Test
    void itemsWaitInRedisUntilSomeonePops() throws Exception {
        RedisQueues a = node(1);
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, push(a, item(1, "later", i)));
        }
        RedisQueues b = node(2);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        b.consumer(sink).pop(List.of("later"));
        Conditions.awaitTrue(() -> sink.written().size() == 5, "5 waiting items consumed");
        assertEquals(List.of("0", "1", "2", "3", "4"), sink.data(), "one consumer gets them in push order");
    }

    @Test
    void competingConsumersAcrossNodesGetEachItemExactlyOnce() throws Exception {
        RedisQueues a = node(1);
        RedisQueues b = node(2);
        RedisQueues c = node(3);
        RecordingSink onB = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        RecordingSink onC = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        RecordingSink onC2 = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        b.consumer(onB).pop(List.of("jobs"));
        c.consumer(onC).pop(List.of("jobs"));
        c.consumer(onC2).pop(List.of("jobs"));
        IntStream.range(0, 1000).parallel().forEach(i -> push(i % 2 == 0 ? a : b, item(1, "jobs", i)));
        Conditions.awaitTrue(() -> onB.written().size() + onC.written().size() + onC2.written().size() >= 1000,
                "1000 items written");
        List<String> all = new ArrayList<>(onB.data());
        all.addAll(onC.data());
        all.addAll(onC2.data());
        assertEquals(1000, all.size(), "no item twice");
        assertEquals(1000, new HashSet<>(all).size());
        assertTrue(!onB.written().isEmpty() && !onC.written().isEmpty(),
                "both nodes consumed: " + onB.written().size() + " / " + (onC.written().size() + onC2.written().size()));
        Conditions.awaitTrue(() -> ":0".equals(xlen("jobs")), "every item acknowledged and deleted");
    }

    @Test
    void aConsumerWhoseConnectionDropsMidStreamLosesNothing() throws Exception {
        RedisQueues a = node(1);
        RedisQueues b = node(2);
        RecordingSink dropping = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        RecordingSink steady = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        QueueConsumer onA = a.consumer(dropping);
        onA.pop(List.of("work"));
        b.consumer(steady).pop(List.of("work"));
        for (int i = 0; i < 200; i++) {
            push(a, item(1, "work", i));
            if (i == 50) {
                Conditions.awaitTrue(() -> !dropping.written().isEmpty(), "the first consumer took some");
                dropping.mode(RecordingSink.Mode.FAIL);
            }
        }
        Conditions.awaitTrue(() -> dropping.written().size() + steady.written().size() >= 200, "all 200 written");
        List<String> all = new ArrayList<>(dropping.data());
        all.addAll(steady.data());
        assertEquals(200, all.size());
        assertEquals(200, new HashSet<>(all).size());
        onA.close();
        Conditions.awaitTrue(() -> ":0".equals(xlen("work")), "every item acknowledged");
    }

    @Test
    void aDeadNodesItemsAreTakenOverAfterClaimAfter() throws Exception {
        RedisQueues dying = node(1);
        RecordingSink stuck = new RecordingSink(RecordingSink.Mode.HOLD);
        dying.consumer(stuck).pop(List.of("jobs"));
        for (int i = 0; i < 5; i++) {
            push(dying, item(1, "jobs", i));
        }
        Conditions.awaitTrue(() -> !stuck.attempted.isEmpty(), "the dying node took an item");
        dying.close(); // dies without acknowledging anything
        long closedAt = System.nanoTime();
        RedisQueues survivor = node(2);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        survivor.consumer(sink).pop(List.of("jobs"));
        Conditions.awaitTrue(() -> sink.written().size() == 5, "all 5 items reached the survivor");
        assertEquals(5, new HashSet<>(sink.data()).size());
        assertTrue(System.nanoTime() - closedAt >= 400_000_000L, "the held ones waited for claimAfter");
        Conditions.awaitTrue(() -> ":0".equals(xlen("jobs")), "every item acknowledged");
    }

    @Test
    void boundsHoldAcrossTheMesh() throws Exception {
        RedisQueues a = node(1, "queue.topicSize=3", "queue.maxTopics=2");
        RedisQueues b = node(2, "queue.topicSize=3", "queue.maxTopics=2");
        assertEquals(1, push(a, item(1, "t", 1)));
        assertEquals(2, push(b, item(2, "t", 2)));
        assertEquals(3, push(a, item(1, "t", 3)));
        Throwable full = failure(b, item(2, "t", 4));
        assertInstanceOf(QueueRefusedException.class, full);
        assertEquals("topic t is full: 3 items (queue.topicSize)", full.getMessage());
        assertEquals(":3", xlen("t"), "nothing dropped, nothing added");
        assertEquals(1, push(b, item(2, "u", 1)));
        Throwable tooMany = failure(a, item(1, "v", 1));
        assertEquals("too many topics: 2 topics hold items (queue.maxTopics)", tooMany.getMessage());
        assertTrue(failure(a, item(1, "bad topic", 1)).getMessage().contains("whitespace"));
    }

    @Test
    void aStalledRedisMakesThePushOutcomeUnknown() throws Exception {
        RedisQueues a = node(1, "redis.commandTimeout=300ms");
        redis.pause();
        try {
            Throwable stalled = failure(a, item(1, "s", 1));
            assertInstanceOf(OutcomeUnknownException.class, stalled, stalled.toString());
            assertTrue(stalled.getMessage().contains("may have been queued"), stalled.getMessage());
        } finally {
            redis.resume();
        }
    }

    @Test
    void redisDownRefusesPushesAndConsumersResumeWhenItIsBack() throws Exception {
        RedisQueues a = node(1);
        RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
        a.consumer(sink).pop(List.of("r"));
        push(a, item(1, "r", 1));
        Conditions.awaitTrue(() -> sink.written().size() == 1, "first item");
        redis.stop();
        try {
            // once the client knows the connection is down, a push is certainly not queued
            Conditions.awaitTrue(() -> failure(a, item(1, "r", 2)) instanceof QueueRefusedException,
                    "a push is refused while redis is down");
            assertTrue(failure(a, item(1, "r", 2)).getMessage().startsWith("redis unavailable, item not queued"));
        } finally {
            redis.start();
        }
        Conditions.awaitTrue(() -> {
            try {
                push(a, item(1, "r", 3));
                return true;
            } catch (CompletionException e) {
                return false;
            }
        }, "pushes succeed again");
        Conditions.awaitTrue(() -> sink.data().contains("3"), "the consumer resumed");
        assertEquals(List.of("1", "3"), sink.data());
    }
    @Test
    void aSlowWriteIsNotTakenOverWhileItsNodeLives() throws Exception {
        RedisQueues slow = node(1, "queue.claimAfter=1s");
        RedisQueues other = node(2, "queue.claimAfter=1s");
        RecordingSink stuck = new RecordingSink(RecordingSink.Mode.HOLD);
        slow.consumer(stuck).pop(List.of("slow"));
        push(slow, item(1, "slow", 1));
        Conditions.awaitTrue(() -> stuck.attempted.size() == 1, "the slow consumer took the item");
        RecordingSink waiting = new RecordingSink(RecordingSink.Mode.WRITE);
        other.consumer(waiting).pop(List.of("slow"));
        // two claimAfter periods: without the refresh of held items node 2 would take it over
        long until = System.nanoTime() + 2_000_000_000L;
        Conditions.awaitTrue(() -> System.nanoTime() > until || !waiting.written().isEmpty(), "2 s or a take-over");
        assertEquals(List.of(), waiting.data(), "node 2 took over an item node 1 is still writing");
        push(slow, item(1, "slow", 2));
        Conditions.awaitTrue(() -> waiting.data().equals(List.of("2")), "new items still reach node 2");
    }

    @Test
    void pushedFromLuaOnOneRealNodeAndConsumedOnAnother() throws Exception {
        try (TestNode a = TestNode.withScript("probe.lua", "redis.uri=" + redis.uri(), "redis.prefix=" + prefix);
             TestNode b = TestNode.withScript("probe.lua", "redis.uri=" + redis.uri(), "redis.prefix=" + prefix);
             WsClient client = WsClient.connect(a.wsUri())) {
            RecordingSink sink = new RecordingSink(RecordingSink.Mode.WRITE);
            try (QueueConsumer consumer = b.gateway.queues().consumer(sink)) {
                consumer.pop(List.of("lua"));
                String reply = client.ask("local n, err = mix.queue.push('lua', {k = 'v'}) return n or err");
                assertEquals("{\"ok\":true,\"r\":1}", reply);
                Conditions.awaitTrue(() -> sink.written().size() == 1, "node b's consumer got node a's item");
            }
            QueueItem got = sink.written().get(0);
            assertEquals(a.gateway.nodeId(), got.nodeId());
            assertEquals("{\"k\":\"v\"}", got.dataJson());
            assertTrue(got.clientId().matches("[0-9]+"), got.clientId());
        }
    }
    @Test
    void aConsumerThatBecomesIdleDoesNotWaitForAReadOnAnotherTopic() throws Exception {
        RedisQueues a = node(1, "queue.claimAfter=10s"); // reads block up to 500 ms
        RecordingSink quiet = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        RecordingSink busy = new RecordingSink(RecordingSink.Mode.WRITE_ASYNC);
        a.consumer(quiet).pop(List.of("quiet"));
        a.consumer(busy).pop(List.of("busy"));
        for (int i = 0; i < 20; i++) {
            push(a, item(1, "busy", i));
        }
        long start = System.nanoTime();
        Conditions.awaitTrue(() -> busy.written().size() == 20, "20 items written");
        long millis = (System.nanoTime() - start) / 1_000_000;
        // each hand-over would wait for the blocking read on "quiet" (500 ms) were it not ended early
        assertTrue(millis < 5000, "20 items took " + millis + " ms");
    }
}
