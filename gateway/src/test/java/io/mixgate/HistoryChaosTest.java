package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's mesh chaos: three nodes on one real Redis, subscribers with offsets on every node
 * (the shipped exchange script), a publisher at a steady rate through the API, and Redis killed
 * with SIGKILL and restarted empty, or frozen with SIGSTOP for 5 s. Every subscriber ends with
 * every publication exactly once and in order, or an explicit gap notice: its offsets go up by
 * exactly one except right after a notice, which names where delivery goes on. Zero silent gaps.
 * Publish answers are held to their word: a 503 ("failed") publication reaches nobody. The third
 * case, a node killed with SIGKILL, is {@link HistoryNodeKillTest} (it needs a child JVM).
 */
class HistoryChaosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "ex:BTCUSDT@depth";
    private static final int PER_SECOND = 200;

    private RedisServer redis;
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private PacedPublisher publisher;

    /** One client with offsets, checked as it reads. */
    private static final class Subscriber {
        final WsClient client;
        final Thread reader;
        volatile long last = -1;
        volatile String epoch;
        final AtomicLong messages = new AtomicLong();
        final Set<Integer> received = ConcurrentHashMap.newKeySet();
        final AtomicInteger notices = new AtomicInteger();
        final ConcurrentLinkedQueue<String> silentGaps = new ConcurrentLinkedQueue<>();

        Subscriber(WsClient client, JsonNode reply) {
            this.client = client;
            this.last = reply.get("offset").asLong();
            this.epoch = reply.get("epoch").asText();
            this.reader = Thread.ofPlatform().daemon().name("subscriber").start(this::read);
        }

        private void read() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    WsClient.Message m = client.pollFor(100, TimeUnit.MILLISECONDS);
                    if (m == null) {
                        continue;
                    }
                    JsonNode j = JSON.readTree(m.text());
                    if (j.has("gap")) {
                        notices.incrementAndGet();
                        last = j.get("offset").asLong();
                        epoch = j.get("epoch").asText();
                    } else if (j.has("offset")) {
                        long offset = j.get("offset").asLong();
                        String e = j.get("epoch").asText();
                        if (!e.equals(epoch) || offset != last + 1) {
                            silentGaps.add("after " + last + "@" + epoch + " came " + offset + "@" + e);
                        }
                        last = offset;
                        epoch = e;
                        messages.incrementAndGet();
                        received.add(j.get("data").get("i").asInt());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                silentGaps.add("reader failed: " + e);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        for (int id = 1; id <= 3; id++) {
            nodes.add(TestNode.start(HistoryProtocolTest.withRules("redis.uri=" + redis.uri(), "node.id=" + id,
                    "history.rules[0].size=10000")));
        }
        for (TestNode node : nodes) {
            for (int i = 0; i < 2; i++) {
                WsClient c = WsClient.connect(node.wsUri());
                JsonNode reply = JSON.readTree(c.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"offsets\":true}"));
                subscribers.add(new Subscriber(c, reply));
            }
        }
        Await.until("three nodes subscribed", WAIT, () -> redis.subscribers("mixgate:c:" + CHANNEL, false), n -> n == 3);
        publisher = new PacedPublisher(nodes.get(0), CHANNEL, PER_SECOND);
    }

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.stop();
        }
        for (Subscriber s : subscribers) {
            s.reader.interrupt();
            s.client.close();
        }
        nodes.forEach(TestNode::close);
        redis.close();
    }

    /** Stops publishing and checks every subscriber got to Redis's top: every offset once, or a notice. */
    private void assertNoSilentGap() throws Exception {
        publisher.stop();
        JsonNode top;
        try (WsClient c = WsClient.connect(nodes.get(1).wsUri())) {
            top = JSON.readTree(c.ask("{\"op\":\"current\",\"channel\":\"BTCUSDT@depth\"}"));
        }
        long topOffset = top.get("offset").asLong();
        String topEpoch = top.get("epoch").asText();
        for (Subscriber s : subscribers) {
            Await.until("a subscriber reaches offset " + topOffset, WAIT,
                    () -> s.last + "@" + s.epoch, at -> at.equals(topOffset + "@" + topEpoch));
        }
        for (Subscriber s : subscribers) {
            assertEquals(List.of(), List.copyOf(s.silentGaps), "silent gaps");
            assertTrue(s.messages.get() > 0);
        }
    }

    @Test
    void redisKilledAndRestartedEmptyGivesEverySubscriberAGapNoticeAndNoSilentGap() throws Exception {
        publisher.awaitPublished(200, WAIT);
        redis.kill();
        Await.until("node 1 sees the mesh down", WAIT, () -> ApiClient.get(nodes.get(0).api("/health/mesh")).status(),
                s -> s == 503);
        redis.start(); // same port, empty: every channel gets a new epoch
        publisher.awaitPublished(300, WAIT);
        assertNoSilentGap();
        for (Subscriber s : subscribers) {
            assertTrue(s.notices.get() >= 1, "the epoch changed: every subscriber was told (" + s.notices + ")");
            assertTrue(publisher.answeredFailed.stream().noneMatch(s.received::contains), "a publish answered 503 reached nobody");
        }
    }

    /**
     * What a 5 s SIGSTOP really does: the nodes' connections stay open (no reconnect), their
     * commands and Redis's pushes wait in TCP buffers, the publish in flight is answered 504
     * ("unknown": Redis did not answer within redis.commandTimeout) and Redis runs it on SIGCONT.
     * So the test asserts the freeze was felt (a publish answered unknown) and that the publish
     * answered unknown then reached every subscriber, in order, with no notice, like every 200.
     */
    @Test
    void redisFrozenForFiveSecondsLosesNothingSilently() throws Exception {
        publisher.awaitPublished(200, WAIT);
        redis.pause();
        try {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5)); // the outage itself, not a synchronisation
        } finally {
            redis.resume();
        }
        publisher.awaitPublished(300, WAIT);
        assertNoSilentGap();
        String figures = "200: " + publisher.answeredOk.size() + ", 503: " + publisher.answeredFailed.size() + ", unknown: " + publisher.answeredUnknown;
        assertFalse(publisher.answeredUnknown.isEmpty(), "the freeze was felt: a publish got no answer in time (" + figures + ")");
        Set<Integer> delivered = subscribers.getFirst().received;
        for (Subscriber s : subscribers) {
            assertEquals(delivered, s.received, "every subscriber got the same publications");
            assertEquals(0, s.notices.get(), "Redis kept everything: nothing to give up on");
        }
        assertTrue(delivered.containsAll(publisher.answeredOk), "every publish answered 200 reached every subscriber");
        assertTrue(delivered.containsAll(publisher.answeredUnknown),
                "the publish sent during the freeze ran when Redis thawed and reached every subscriber (" + figures + ")");
        assertTrue(publisher.answeredFailed.stream().noneMatch(delivered::contains), "a publish answered 503 reached nobody");
    }
}
