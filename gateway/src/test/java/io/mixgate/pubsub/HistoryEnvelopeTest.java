package io.mixgate.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.HistoryConfig;
import io.mixgate.config.HistoryRuleConfig;
import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.ClientTransport;
import io.mixgate.session.CloseCode;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import io.mixgate.session.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link MemoryHistory} on {@link Delivery}'s path, with transports that record what they are given. */
class HistoryEnvelopeTest {
    private static final String ENVELOPE = "{\"o\":${offset},\"e\":\"${epoch}\",\"c\":\"${channel}\",\"d\":${data}}";
    private static final AtomicLong ids = new AtomicLong();

    private final AtomicInteger encodes = new AtomicInteger();
    private final WireFormat format = (data, type) -> {
        encodes.incrementAndGet();
        return new Frame(new String(data, StandardCharsets.UTF_8));
    };
    private final AtomicLong now = new AtomicLong(1_000);
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final MemoryHistory history = new MemoryHistory(config(2), index, now::get);
    private final FrameFanout fanout = (message, sessions) -> {
        long ok = 0;
        for (Session s : sessions) {
            ok += s.transport().write(message) ? 1 : 0;
        }
        return new PublishResult(ok, sessions.size() - ok);
    };
    private final Delivery delivery = new Delivery(index, fanout, history);

    private static HistoryConfig config(int maxChannels) {
        return new HistoryConfig(List.of(new HistoryRuleConfig("book:*", 10, Duration.ofSeconds(60))),
                maxChannels, 100, Duration.ofHours(1), 1 << 20, 2, 256, 10_000, Duration.ofHours(24));
    }

    @Test
    void envelopeIsFilledAndEncodedOnceForAllItsSubscribers() {
        List<Recorder> wrapped = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Recorder r = new Recorder();
            assertNull(history.subscribe(r.session, "book:btc", 100, null, Envelope.compile(ENVELOPE, 256)).error());
            wrapped.add(r);
        }
        Recorder plain = new Recorder();
        assertEquals(SubscribeOutcome.SUBSCRIBED, index.subscribe(plain.session, "book:btc", 100));

        assertEquals(new PublishResult(6, 0), delivery.deliver("book:btc", bytes("[1]"), MessageType.TEXT));

        assertEquals(1, history.envelopeFills(), "one envelope filled for five subscribers");
        assertEquals(2, encodes.get(), "one encoding of the envelope, one of the plain bytes");
        String epoch = history.read("book:btc", null, 1).top().epoch();
        for (Recorder r : wrapped) {
            assertEquals(List.of("{\"o\":1,\"e\":\"" + epoch + "\",\"c\":\"book:btc\",\"d\":[1]}"), r.texts);
        }
        assertEquals(List.of("[1]"), plain.texts);
    }

    @Test
    void recoveryWritesTheMissedPublicationsBeforeTheLiveOnes() {
        for (int i = 1; i <= 3; i++) {
            delivery.deliver("book:btc", bytes("[" + i + "]"), MessageType.TEXT);
        }
        String epoch = history.read("book:btc", null, 1).top().epoch();
        Recorder r = new Recorder();

        RecoveryOutcome outcome = history.subscribe(r.session, "book:btc", 100, new StreamPosition(1, epoch), null);
        delivery.deliver("book:btc", bytes("[4]"), MessageType.TEXT);

        assertTrue(outcome.recovered());
        assertEquals(2, outcome.missed());
        assertEquals(new StreamPosition(3, epoch), outcome.top());
        assertEquals(List.of("[2]", "[3]", "[4]"), r.texts);
        assertEquals(1, r.batches, "the missed ones in one writeMany");
    }

    @Test
    void anotherEpochIsNotRecovered() {
        delivery.deliver("book:btc", bytes("[1]"), MessageType.TEXT);
        Recorder r = new Recorder();
        RecoveryOutcome outcome = history.subscribe(r.session, "book:btc", 100, new StreamPosition(0, "other"), null);
        assertFalse(outcome.recovered());
        assertEquals(List.of(), r.texts);
        assertTrue(index.subscribers("book:btc").contains(r.session), "subscribed anyway: live messages follow");
    }

    @Test
    void anEndedSubscriptionForgetsItsEnvelope() {
        Recorder r = new Recorder();
        history.subscribe(r.session, "book:btc", 100, null, Envelope.compile(ENVELOPE, 256));
        index.unsubscribe(r.session, "book:btc");
        index.subscribe(r.session, "book:btc", 100);
        delivery.deliver("book:btc", bytes("[1]"), MessageType.TEXT);
        assertEquals(List.of("[1]"), r.texts);
    }

    @Test
    void tooManyDistinctEnvelopesAreRefusedWithoutSubscribing() {
        history.subscribe(new Recorder().session, "book:btc", 100, null, Envelope.compile("a${data}", 256));
        history.subscribe(new Recorder().session, "book:btc", 100, null, Envelope.compile("b${data}", 256));
        Recorder third = new Recorder();
        RecoveryOutcome outcome = history.subscribe(third.session, "book:btc", 100, null, Envelope.compile("c${data}", 256));
        assertTrue(outcome.error().contains("history.maxEnvelopes"), outcome.error());
        assertFalse(index.subscribers("book:btc").contains(third.session));
    }

    @Test
    void theLeastRecentlyUsedChannelIsEvictedAndComesBackWithANewEpoch() {
        delivery.deliver("book:a", bytes("1"), MessageType.TEXT);
        String epochA = history.read("book:a", null, 1).top().epoch();
        now.addAndGet(10);
        delivery.deliver("book:b", bytes("1"), MessageType.TEXT);
        now.addAndGet(10);
        delivery.deliver("book:c", bytes("1"), MessageType.TEXT); // maxChannels 2: book:a goes

        assertEquals(2, history.channels());
        assertEquals(1, history.evictions());
        assertEquals(0, history.read("book:a", null, 1).publications().size(), "book:a's history is gone");
        delivery.deliver("book:a", bytes("2"), MessageType.TEXT);
        HistoryPage again = history.read("book:a", null, 10);
        assertNotEquals(epochA, again.top().epoch());
        assertEquals(1, again.top().offset(), "offsets restart in the new epoch");
    }

    @Test
    void channelsWithoutARuleKeepNothing() {
        Recorder r = new Recorder();
        index.subscribe(r.session, "trades:btc", 100);
        delivery.deliver("trades:btc", bytes("x"), MessageType.TEXT);
        assertEquals(List.of("x"), r.texts);
        assertNull(history.read("trades:btc", null, 1));
        assertEquals(0, history.channels());
    }

    @Test
    void globs() {
        assertTrue(HistoryRules.globMatches("ex:*@depth", "ex:BTCUSDT@depth"));
        assertTrue(HistoryRules.globMatches("ex:*@depth", "ex:@depth"));
        assertFalse(HistoryRules.globMatches("ex:*@depth", "ex:BTCUSDT@depth5"));
        assertTrue(HistoryRules.globMatches("ex:?@*", "ex:a@b"));
        assertFalse(HistoryRules.globMatches("ex:?@*", "ex:ab@b"));
        assertTrue(HistoryRules.globMatches("*", ""));
        assertTrue(HistoryRules.globMatches("a*b*c", "axxbyybc"));
    }

    @Test
    void badEnvelopesAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.compile("${nope}", 256));
        assertThrows(IllegalArgumentException.class, () -> Envelope.compile("${data", 256));
        assertThrows(IllegalArgumentException.class, () -> Envelope.compile("x".repeat(257), 256));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Frame(String text) implements OutboundFrame {
        @Override
        public void release() {
        }
    }

    /** A connection that records the text of every message written to it. */
    private final class Recorder implements ClientTransport {
        final List<String> texts = new ArrayList<>();
        final Session session = new Session(ids.incrementAndGet(), this, new ScriptLane(Runnable::run, 100), 1000);
        int batches;

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
            batches++;
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
