package io.mixgate.pubsub;

import static io.mixgate.testing.Conditions.DEADLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.ChannelNames;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
    private static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final AtomicLong ids = new AtomicLong();

    private final SubscriptionIndex index = new SubscriptionIndex();
    private final InterestCounter interest = new InterestCounter();

    SubscriptionIndexTest() {
        index.setInterest(interest);
    }

    @Test
    void subscribeAndUnsubscribeKeepSessionAndIndexInStep() {
        Session alice = session();

        assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(alice, "prices", NO_LIMIT));
        assertEquals(SubscribeOutcome.ALREADY_SUBSCRIBED, index.subscribe(alice, "prices", NO_LIMIT));
        assertEquals(Set.of(alice), index.subscribers("prices"));
        assertEquals(Set.of("prices"), alice.channels());

        assertTrue(index.unsubscribe(alice, "prices"));
        assertFalse(index.unsubscribe(alice, "prices"), "second unsubscribe");
        assertFalse(index.unsubscribe(alice, "never"), "a channel never subscribed");
        assertFalse(index.hasSubscribers("prices"));
        assertEquals(Set.of(), index.subscribers("prices"));
        assertEquals(Set.of(), alice.channels());
        assertEquals(0, index.channelCount());
    }

    @Test
    void reportsFirstAndLastSubscriberOnlyOnce() {
        Session alice = session();
        Session bob = session();

        index.subscribe(alice, "prices", NO_LIMIT);
        index.subscribe(bob, "prices", NO_LIMIT);
        index.subscribe(alice, "prices", NO_LIMIT);
        assertEquals(1, interest.firsts("prices"));
        assertEquals(0, interest.lasts("prices"));

        index.unsubscribe(alice, "prices");
        assertEquals(0, interest.lasts("prices"), "bob is still there");
        index.unsubscribe(bob, "prices");
        index.unsubscribe(bob, "prices");
        assertEquals(1, interest.lasts("prices"));

        index.subscribe(bob, "prices", NO_LIMIT);
        assertEquals(2, interest.firsts("prices"), "a channel emptied and joined again has a new first subscriber");
    }

    @Test
    void removeSessionDropsEverySubscriptionOfThatSession() {
        Session alice = session();
        Session bob = session();
        index.subscribe(alice, "a", NO_LIMIT);
        index.subscribe(alice, "shared", NO_LIMIT);
        index.subscribe(bob, "shared", NO_LIMIT);

        index.removeSession(alice);

        assertEquals(List.of("shared"), index.channelNames());
        assertEquals(Set.of(bob), index.subscribers("shared"));
        assertEquals(1, interest.lasts("a"));
        assertEquals(0, interest.lasts("shared"));
        assertTrue(alice.isClosed());
    }

    @Test
    void subscribeAfterRemoveSessionIsRefusedAndLeavesNothing() {
        Session alice = session();
        index.removeSession(alice);

        assertEquals(SubscribeOutcome.CONNECTION_CLOSED, index.subscribe(alice, "prices", NO_LIMIT));
        assertEquals("connection closed", SubscribeOutcome.CONNECTION_CLOSED.error());
        assertFalse(index.hasSubscribers("prices"));
        assertEquals(0, index.channelCount());
        assertEquals(Set.of(), alice.channels());
        assertEquals(0, interest.firsts("prices"));
    }

    @Test
    void refusesMoreChannelsThanTheSessionLimit() {
        Session alice = session();
        assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(alice, "a", 2));
        assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(alice, "b", 2));

        assertEquals(SubscribeOutcome.TOO_MANY_SUBSCRIPTIONS, index.subscribe(alice, "c", 2));
        assertEquals(SubscribeOutcome.ALREADY_SUBSCRIBED, index.subscribe(alice, "a", 2), "at the limit, not over it");
        assertFalse(index.hasSubscribers("c"));
        assertEquals(Set.of("a", "b"), alice.channels());

        assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(session(), "c", 2), "the limit is per session");
        index.unsubscribe(alice, "a");
        assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(alice, "c", 2), "room again after unsubscribe");
    }

    @Test
    void refusesInvalidChannelNames() {
        Session alice = session();
        String tooLong = "x".repeat(ChannelNames.MAX_LENGTH + 1);
        for (String bad : new String[] {"", " ", "a b", " a", "a\tb", "a\nb", "a\u0000b", "a\u007fb", "a\u00a0b", "a\u2028b", tooLong}) {
            assertEquals(SubscribeOutcome.INVALID_CHANNEL, index.subscribe(alice, bad, NO_LIMIT), "channel " + escape(bad));
        }
        assertEquals(0, index.channelCount());
        assertEquals(Set.of(), alice.channels());

        String longest = "x".repeat(ChannelNames.MAX_LENGTH);
        for (String good : new String[] {longest, "BTCUSDT@depth", "user:1001/private", "ü€😀"}) {
            assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(alice, good, NO_LIMIT), "channel " + escape(good));
        }
    }

    @Test
    void concurrentSubscribersOfOneChannelReportFirstAndLastExactlyOnceEach() throws Exception {
        int threads = 3; // few enough that the channel empties often, which is where first and last race
        int rounds = 50_000;
        List<Session> sessions = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            sessions.add(session());
        }
        runConcurrently(threads, t -> {
            Session mine = sessions.get(t);
            for (int i = 0; i < rounds; i++) {
                index.subscribe(mine, "hot", NO_LIMIT);
                index.unsubscribe(mine, "hot");
            }
            if (t != 0) {
                index.subscribe(mine, "hot", NO_LIMIT); // all but one end subscribed
            }
        });

        assertTrue(interest.firsts("hot") >= 1);
        assertEquals(1, interest.firsts("hot") - interest.lasts("hot"), "one first more than lasts: the channel is held");
        assertTrue(index.hasSubscribers("hot"));
        Set<Session> expected = new HashSet<>();
        for (Session s : sessions) {
            if (s.channels().contains("hot")) {
                expected.add(s);
            }
        }
        assertEquals(threads - 1, expected.size());
        assertEquals(expected, Set.copyOf(index.subscribers("hot")));

        for (Session s : sessions) {
            index.removeSession(s);
        }
        assertEquals(interest.firsts("hot"), interest.lasts("hot"));
        assertFalse(index.hasSubscribers("hot"));
    }

    @Test
    void sessionClosingWhileItSubscribesIsNeverLeftInTheIndex() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            Session closing = session();
            // the script lane subscribes while the event loop closes the connection
            runConcurrently(2, t -> {
                if (t == 0) {
                    for (int c = 0; c < 20; c++) {
                        index.subscribe(closing, "ch" + c, NO_LIMIT);
                    }
                } else {
                    index.removeSession(closing);
                }
            });
            assertEquals(0, index.channelCount(), "round " + round + " left " + index.channelNames());
            assertEquals(Set.of(), closing.channels());
        }
        for (int c = 0; c < 20; c++) {
            assertEquals(interest.firsts("ch" + c), interest.lasts("ch" + c), "ch" + c);
        }
    }

    private static Session session() {
        return new Session(ids.incrementAndGet(), null, new ScriptLane(Runnable::run, NO_LIMIT), 1000);
    }

    private interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads released together; rethrows the first failure. */
    private static void runConcurrently(int threads, Body body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int n = t;
                running.add(pool.submit(() -> {
                    go.await();
                    body.run(n);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) {
                f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static String escape(String s) {
        if (s.length() > 20) {
            return s.length() + " chars";
        }
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append('"').toString();
    }

    /** Counts first/last reports per channel; called from many threads. */
    private static final class InterestCounter implements ChannelInterest {
        private final ConcurrentHashMap<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, AtomicInteger> lasts = new ConcurrentHashMap<>();

        @Override
        public void firstSubscriber(String channel) {
            firsts.computeIfAbsent(channel, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void lastSubscriberGone(String channel) {
            lasts.computeIfAbsent(channel, k -> new AtomicInteger()).incrementAndGet();
        }

        int firsts(String channel) {
            AtomicInteger n = firsts.get(channel);
            return n == null ? 0 : n.get();
        }

        int lasts(String channel) {
            AtomicInteger n = lasts.get(channel);
            return n == null ? 0 : n.get();
        }
    }
}
