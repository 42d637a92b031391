package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.broker.Broker;
import io.mixgate.broker.BrokerListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} promises, run against each implementation. The listener stands in
 * for the node's delivery: it takes messages for channels in {@link #subscribed} and answers
 * one delivery for each, as one local subscriber would.
 */
abstract class BrokerContract {
    static final Duration WAIT = Duration.ofSeconds(15);

    record Received(String channel, byte[] data, MessageType type) {
    }

    final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    Broker broker;

    /** A broker on a fresh setup that delivers to {@code listener}; {@link #subscribed} holds the local channels. */
    abstract Broker create(BrokerListener listener) throws Exception;

    /** Waits until the broker's node-level subscription to {@code channel} is in place (or gone). */
    abstract void awaitSubscription(String channel, boolean present) throws Exception;

    @BeforeEach
    void startBroker() throws Exception {
        broker = create((channel, data, type) -> {
            if (!subscribed.contains(channel)) {
                return PublishResult.NONE;
            }
            received.add(new Received(channel, data.clone(), type));
            return new PublishResult(1, 0);
        });
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    void subscribe(String channel) throws Exception {
        subscribed.add(channel);
        broker.firstSubscriber(channel);
        awaitSubscription(channel, true);
    }

    void unsubscribe(String channel) throws Exception {
        subscribed.remove(channel);
        broker.lastSubscriberGone(channel);
        awaitSubscription(channel, false);
    }

    Received next() throws InterruptedException {
        Received r = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "no message within " + WAIT);
        return r;
    }

    PublishResult publish(String channel, String text) {
        return broker.publish(channel, text.getBytes(StandardCharsets.UTF_8), MessageType.TEXT)
                .toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Test
    void deliversToASubscribedChannelAndCountsOneReceiver() throws Exception {
        subscribe("news");
        assertEquals(new PublishResult(1, 0), publish("news", "hello"));
        Received r = next();
        assertEquals("news", r.channel());
        assertEquals("hello", new String(r.data(), StandardCharsets.UTF_8));
        assertEquals(MessageType.TEXT, r.type());
    }

    @Test
    void carriesBinaryDataUnchanged() throws Exception {
        subscribe("bin");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        broker.publish("bin", all, MessageType.BINARY).toCompletableFuture().join();
        Received r = next();
        assertArrayEquals(all, r.data());
        assertEquals(MessageType.BINARY, r.type());
    }

    @Test
    void keepsPublishOrderOnAChannel() throws Exception {
        subscribe("ordered");
        List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(broker.publish("ordered", Integer.toString(i).getBytes(StandardCharsets.UTF_8), MessageType.TEXT)
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < 300; i++) {
            assertEquals(Integer.toString(i), new String(next().data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void stopsDeliveringWhenTheLastSubscriberLeaves() throws Exception {
        subscribe("a");
        subscribe("marker");
        unsubscribe("a");
        assertEquals(PublishResult.NONE, publish("a", "nobody hears this"));
        publish("marker", "after");
        Received r = next();
        assertEquals("marker", r.channel(), "a message of the unsubscribed channel arrived first");
    }

    @Test
    void aChannelNobodySubscribedReachesNobody() {
        assertEquals(PublishResult.NONE, publish("empty", "x"));
        assertTrue(received.isEmpty());
    }

    @Test
    void separatesChannels() throws Exception {
        subscribe("one");
        subscribe("two");
        publish("two", "for two");
        publish("one", "for one");
        assertEquals("two", next().channel());
        assertEquals("one", next().channel());
    }

    @Test
    void manyPublishersAllArrive() throws Exception {
        subscribe("busy");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    publish("busy", thread + ":" + i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(new String(next().data(), StandardCharsets.UTF_8));
        }
        assertEquals(200, seen.size());
    }

    @Test
    void isHealthyWhenRunning() {
        assertTrue(broker.isHealthy());
    }
}
