package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingTickerTest {
    private static final long DAY = 86_400_000L;

    @Test
    void equalsABruteForceRecomputationOverRandomTrades() {
        for (long bucket : new long[] {1, 1_000, 60_000}) {
            Random r = new Random(bucket);
            RollingTicker ticker = new RollingTicker(DAY, bucket, 1_000, 86_400_000);
            List<Trade> all = new ArrayList<>();
            long now = 1_700_000_000_000L;
            long id = 1;
            int checks = 0;
            for (int step = 0; step < 20_000; step++) {
                // bursts and long quiet gaps (longer than the window sometimes)
                now += r.nextInt(50) == 0 ? r.nextLong(DAY + DAY / 2) : r.nextInt(30_000);
                for (int i = r.nextInt(3); i > 0; i--) {
                    Trade t = TradeMergerTest.trade(r, id++, now);
                    ticker.add(t);
                    all.add(t);
                }
                if (r.nextInt(20) == 0) {
                    long at = now + r.nextInt(2_000);
                    TickerStats s = ticker.stats(at);
                    TickerStats expected = bruteForce(all, at, bucket);
                    assertTrue(expected.sameFigures(s), "bucket " + bucket + " at " + at + ": " + s + " vs " + expected);
                    assertEquals(expected.volume(), s.volume());
                    now = at;
                    checks++;
                }
            }
            assertTrue(checks > 500);
            assertTrue(ticker.buckets() <= DAY / bucket + 1);
        }
    }

    static TickerStats bruteForce(List<Trade> all, long now, long bucket) {
        List<Trade> in = all.stream().filter(t -> Math.floorDiv(t.time(), bucket) * bucket > now - DAY).toList();
        if (in.isEmpty()) {
            return TickerStats.of(now - DAY, now, null, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, 0, null, null);
        }
        BigDecimal v = BigDecimal.ZERO;
        BigDecimal q = BigDecimal.ZERO;
        BigDecimal hi = in.getFirst().price();
        BigDecimal lo = hi;
        for (Trade t : in) {
            v = v.add(t.quantity());
            q = q.add(t.quote());
            hi = hi.max(t.price());
            lo = lo.min(t.price());
        }
        return TickerStats.of(now - DAY, now, in.getFirst().price(), hi, lo, in.getLast().price(), v, q, in.size(),
                in.getFirst().firstId(), in.getLast().lastId());
    }

    @Test
    void pollAnswersAtMostOncePerIntervalAndOnlyWhenChanged() {
        Random r = new Random(3);
        RollingTicker ticker = new RollingTicker(DAY, 1_000, 1_000, 86_400);
        long t0 = 1_700_000_000_000L;
        assertNull(ticker.poll(t0), "no trade yet: nothing to push");
        ticker.add(TradeMergerTest.trade(r, 1, t0));
        assertNotNull(ticker.poll(t0));
        ticker.add(TradeMergerTest.trade(r, 2, t0 + 10));
        assertNull(ticker.poll(t0 + 500), "changed, but less than a second since the last push");
        assertNotNull(ticker.poll(t0 + 1_000));
        assertNull(ticker.poll(t0 + 5_000), "unchanged");
        assertNotNull(ticker.poll(t0 + DAY + 1), "the trades left the window: changed");
        assertNull(ticker.poll(t0 + DAY + 5_000));
    }

    @Test
    void refusesOutOfOrderTradesAndUnboundedWindows() {
        Random r = new Random(4);
        RollingTicker ticker = new RollingTicker(DAY, 1_000, 1_000, 86_400);
        ticker.add(TradeMergerTest.trade(r, 1, 10_000));
        ticker.add(TradeMergerTest.trade(r, 2, 10_500)); // same bucket, fine
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ticker.add(TradeMergerTest.trade(r, 3, 9_000)));
        assertTrue(e.getMessage().contains("time order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RollingTicker(DAY, 1, 1_000, 86_400));
        assertTrue(e.getMessage().contains("max_buckets (86400)"), e.getMessage());
    }
}
