package io.mixgate.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.HistoryConfig;
import io.mixgate.config.HistoryRuleConfig;
import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import io.mixgate.session.WireFormat;
import io.mixgate.testing.Conditions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MeshHistory}'s bound on held publications ({@code history.maxHeld}), with a history
 * store whose reads the test answers when it chooses (so "a publication arrives while the node
 * reads" is a fact of the test, not a race) and transports that record what they are given.
 */
class MeshHistoryHoldTest {
    private static final String CHANNEL = "book:btc";
    private static final String EPOCH = "e1";
    private static final AtomicLong ids = new AtomicLong();

    /** One read the node asked the store for; the test completes {@code answer}. */
    private record Read(StreamPosition since, int limit, CompletableFuture<HistoryPage> answer) {
    }

    private final LinkedBlockingQueue<Read> reads = new LinkedBlockingQueue<>();
    private final HistoryStore store = (channel, rule, since, limit) -> {
        CompletableFuture<HistoryPage> answer = new CompletableFuture<>();
        reads.add(new Read(since, limit, answer));
        return answer;
    };
    private final WireFormat format = (data, type) -> new Frame(new String(data, StandardCharsets.UTF_8));
    private final FrameFanout fanout = (message, sessions) -> {
        long ok = 0;
        for (Session s : sessions) {
            ok += s.transport().write(message) ? 1 : 0;
        }
        return new PublishResult(ok, sessions.size() - ok);
    };
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final MeshHistory history = new MeshHistory(new HistoryConfig(
            List.of(new HistoryRuleConfig("book:*", 100, Duration.ofSeconds(60))), 1000, 100, Duration.ofHours(1),
            1 << 20, 8, 256, 3, Duration.ofHours(24)), index, store, fanout, r -> { }, timer, Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Read nextRead() throws InterruptedException {
        Read read = reads.poll(10, TimeUnit.SECONDS);
        assertTrue(read != null, "the node asked the store for a read");
        return read;
    }

    private static HistoryPage page(long top, long... offsets) {
        List<Publication> list = new ArrayList<>();
        for (long o : offsets) {
            list.add(new Publication(o, bytes(o), MessageType.TEXT));
        }
        return new HistoryPage(true, new StreamPosition(top, EPOCH), list);
    }

    private static byte[] bytes(long offset) {
        return ("[" + offset + "]").getBytes(StandardCharsets.UTF_8);
    }

    private void deliver(long offset) {
        history.deliver(CHANNEL, bytes(offset), MessageType.TEXT, offset, EPOCH);
    }

    /** Subscribes on another thread (the subscribe waits for its read), answers the read, returns the outcome. */
    private RecoveryOutcome subscribe(Recorder r, StreamPosition since, Runnable whileReading, HistoryPage answer)
            throws Exception {
        CompletableFuture<RecoveryOutcome> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> outcome.complete(history.subscribe(r.session, CHANNEL, 100, since, null)));
        Read read = nextRead();
        whileReading.run();
        read.answer().complete(answer);
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCatchingUpChannelPastMaxHeldDropsWhatItHeldAndReadsItAgainFromRedis() throws Exception {
        Recorder a = new Recorder();
        assertNull(subscribe(a, null, () -> { }, page(0)).error());
        deliver(1);
        deliver(3); // 2 never came on the wire: hold 3, read Redis after 1
        Read catchUp = nextRead();
        assertEquals(new StreamPosition(1, EPOCH), catchUp.since());
        deliver(4);
        deliver(5); // three held: the limit
        deliver(6); // one more: the held ones are dropped, 6 is held
        catchUp.answer().complete(page(3, 2, 3)); // Redis's top when it read was 3

        Read again = nextRead(); // 4 and 5 were dropped: the node reads them again instead of skipping them
        assertEquals(new StreamPosition(3, EPOCH), again.since());
        again.answer().complete(page(6, 4, 5, 6));
        Conditions.awaitTrue(() -> a.texts.size() == 6, "six messages written to a");
        assertEquals(List.of("[1]", "[2]", "[3]", "[4]", "[5]", "[6]"), a.texts, "every offset once, in order");
        assertEquals(2, history.gapsFilled());
        assertTrue(reads.isEmpty(), "no further read");
    }

    @Test
    void aRecoveringSubscribePastMaxHeldFailsAndLeavesNothingSubscribed() throws Exception {
        Recorder b = new Recorder();
        assertNull(subscribe(b, null, () -> { }, page(0)).error()); // an ordinary subscriber keeps the channel live
        Recorder a = new Recorder();
        RecoveryOutcome outcome = subscribe(a, new StreamPosition(0, EPOCH), () -> {
            for (long o = 1; o <= 4; o++) {
                deliver(o); // four live publications while a's read is in flight: one more than maxHeld
            }
        }, page(4, 1, 2, 3, 4));

        assertEquals("more than 3 live publications arrived while recovering (history.maxHeld)", outcome.error());
        assertFalse(index.subscribers(CHANNEL).contains(a.session), "not subscribed");
        deliver(5);
        assertEquals(List.of(), a.texts, "nothing written to the failed subscriber");
        assertEquals(List.of("[1]", "[2]", "[3]", "[4]", "[5]"), b.texts);
        assertEquals(0, history.recovered() + history.notRecovered(), "a failed subscribe is no recovery");
    }

    @Test
    void aRecoveringSubscribeAtTheLimitGetsMissedThenHeldWithNoDuplicateAtTheSeam() throws Exception {
        Recorder b = new Recorder();
        assertNull(subscribe(b, null, () -> { }, page(0)).error());
        deliver(1);
        Recorder a = new Recorder();
        RecoveryOutcome outcome = subscribe(a, new StreamPosition(0, EPOCH), () -> {
            deliver(2);
            deliver(3);
            deliver(4); // exactly maxHeld held for a
        }, page(3, 1, 2, 3)); // the read saw up to 3; 4 only came live

        assertNull(outcome.error());
        assertTrue(outcome.recovered());
        assertEquals(4, outcome.missed());
        deliver(5);
        assertEquals(List.of("[1]", "[2]", "[3]", "[4]", "[5]"), a.texts, "2 and 3 came twice (read, held): once each");
    }

    private record Frame(String text) implements OutboundFrame {
        @Override
        public void release() {
        }
    }

    /** A connection that records the text of every message written to it. */
    private final class Recorder implements ClientTransport {
        final List<String> texts = Collections.synchronizedList(new ArrayList<>());
        final Session session = new Session(ids.incrementAndGet(), this, new ScriptLane(Runnable::run, 100), 1000);

        @Override
        public String remoteAddress() {
            return "test";
        }

        @Override
        public WireFormat format() {
            return format;
        }

        @Override
        public boolean write(OutboundMessage message) {
            texts.add(((Frame) message.frameFor(format)).text());
            return true;
        }

        @Override
        public int writeMany(List<OutboundMessage> messages) {
            messages.forEach(this::write);
            return messages.size();
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void backlogChanged() {
        }
    }
}
