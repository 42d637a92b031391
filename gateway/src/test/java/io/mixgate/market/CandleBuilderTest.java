package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CandleBuilderTest {

    @Test
    void oneMinuteCandlesAggregateToTheCandlesBuiltFromTheTrades() {
        Random r = new Random(99);
        List<Trade> trades = new ArrayList<>();
        long now = 1_700_000_000_000L; // not on a day boundary
        for (long id = 1; id <= 20_000; id++) {
            now += r.nextInt(20) == 0 ? r.nextInt(7_200_000) : r.nextInt(20_000); // quiet hours too
            trades.add(TradeMergerTest.trade(r, id, now));
        }
        List<Candle> minutes = closedFrom(trades, "1m", now + 86_400_000L);
        for (String name : new String[] {"5m", "15m", "1h", "4h", "1d"}) {
            CandleBuilder rollup = new CandleBuilder(CandleInterval.named("interval", name));
            List<Candle> rolled = new ArrayList<>();
            for (Candle m : minutes) {
                Candle c = rollup.add(m);
                if (c != null) {
                    rolled.add(c);
                }
            }
            Candle last = rollup.poll(now + 86_400_000L).closed();
            rolled.add(last);
            List<Candle> direct = closedFrom(trades, name, now + 86_400_000L);
            assertEquals(direct, rolled, name);
            assertTrue(direct.size() > 1);
            for (Candle c : direct) {
                assertEquals(0, c.openTime() % CandleInterval.named("i", name).millis(), "UTC-aligned");
            }
        }
    }

    /** Every closed candle, from add() and from a poll each second as a timer would. */
    private static List<Candle> closedFrom(List<Trade> trades, String interval, long end) {
        CandleBuilder b = new CandleBuilder(CandleInterval.named("interval", interval));
        List<Candle> closed = new ArrayList<>();
        long lastPoll = trades.getFirst().time();
        for (Trade t : trades) {
            for (long p = lastPoll + 1_000; p <= t.time(); p += 1_000) {
                if (p - lastPoll > 600_000) { // long gap: the next poll that matters
                    p = t.time();
                }
                Candle c = b.poll(p).closed();
                if (c != null) {
                    closed.add(c);
                }
                lastPoll = p;
            }
            Candle c = b.add(t);
            if (c != null) {
                closed.add(c);
            }
        }
        Candle c = b.poll(end).closed();
        if (c != null) {
            closed.add(c);
        }
        return closed;
    }

    @Test
    void exactlyOneClosedFramePerCandleNoneForEmptyIntervalsAndLateTradesRefused() {
        Random r = new Random(5);
        CandleBuilder b = new CandleBuilder(CandleInterval.named("interval", "1m"));
        long t0 = 1_700_000_040_000L; // 1,700,000,040,000 is a minute boundary
        assertNull(b.add(TradeMergerTest.trade(r, 1, t0 + 5_000)));
        CandleBuilder.Poll p = b.poll(t0 + 6_000);
        assertNull(p.closed());
        assertEquals(t0, p.update().openTime());
        assertNull(b.poll(t0 + 7_000).update(), "unchanged: no update");
        Candle closed = b.poll(t0 + 60_000).closed();
        assertEquals(t0, closed.openTime());
        assertEquals(t0 + 59_999, closed.closeTime());
        assertTrue(closed.closed());
        assertNull(b.poll(t0 + 61_000).closed(), "closed once");
        assertNull(b.poll(t0 + 240_000).closed(), "empty minutes: no candle");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.add(TradeMergerTest.trade(r, 2, t0 + 59_000)));
        assertTrue(e.getMessage().contains("already closed"), e.getMessage());
        assertNull(b.add(TradeMergerTest.trade(r, 3, t0 + 300_000)));
        assertEquals(t0 + 300_000, b.add(TradeMergerTest.trade(r, 4, t0 + 360_000)).openTime(),
                "a trade of a later interval closes the open candle");
        assertThrows(IllegalArgumentException.class, () -> CandleInterval.named("interval", "1w"));
    }
}
