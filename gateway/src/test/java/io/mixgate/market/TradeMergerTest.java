package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TradeMergerTest {

    static Trade trade(Random r, long id, long time) {
        BigDecimal price = BigDecimal.valueOf(9_990 + r.nextInt(4), 2);
        BigDecimal qty = BigDecimal.valueOf(1 + r.nextInt(100_000), 8);
        return new Trade(id, id, price, qty, r.nextBoolean(), time);
    }

    @Test
    void runsCollapseWithExactSumsAndTheTapeOrderIsKept() {
        Random r = new Random(42);
        TradeMerger merger = new TradeMerger(1_000);
        long id = 100;
        for (int window = 0; window < 300; window++) {
            List<Trade> trades = new ArrayList<>();
            for (int i = r.nextInt(40); i > 0; i--) {
                Trade t = trade(r, id++, 1_700_000_000_000L + id);
                trades.add(t);
                merger.add(t);
            }
            TradeBatch batch = merger.flush();
            if (trades.isEmpty()) {
                assertNull(batch);
                continue;
            }
            // expanding the runs gives back the tape: same ids in order, run quantities = exact sums
            int k = 0;
            for (MergedTrade m : batch.trades()) {
                BigDecimal sum = BigDecimal.ZERO;
                assertEquals(trades.get(k).firstId(), m.firstId());
                while (k < trades.size() && trades.get(k).firstId() <= m.lastId()) {
                    Trade t = trades.get(k++);
                    assertEquals(0, t.price().compareTo(m.price()));
                    assertEquals(t.buyerMaker(), m.buyerMaker());
                    sum = sum.add(t.quantity());
                }
                assertEquals(sum, m.quantity(), "exact sum");
            }
            assertEquals(trades.size(), k);
            for (int i = 1; i < batch.trades().size(); i++) {
                MergedTrade a = batch.trades().get(i - 1);
                MergedTrade b = batch.trades().get(i);
                assertTrue(a.price().compareTo(b.price()) != 0 || a.buyerMaker() != b.buyerMaker(), "runs are maximal");
            }
            BigDecimal volume = trades.stream().map(Trade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal quote = trades.stream().map(Trade::quote).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(volume, batch.volume());
            assertEquals(quote, batch.quoteVolume());
            assertEquals(quote.divide(volume, Decimals.DIVISION), batch.vwap());
            assertEquals(trades.getFirst().firstId(), batch.firstId());
            assertEquals(trades.getLast().lastId(), batch.lastId());
            assertEquals(trades.size(), batch.count());
            assertEquals(trades.getFirst().price(), batch.open());
            assertEquals(trades.getLast().price(), batch.close());
            assertEquals(trades.stream().map(Trade::price).max(BigDecimal::compareTo).orElseThrow(), batch.high());
            assertEquals(trades.stream().map(Trade::price).min(BigDecimal::compareTo).orElseThrow(), batch.low());
        }
    }

    @Test
    void aFullWindowRefusesTheNextTradeAndNamesTheLimit() {
        Random r = new Random(1);
        TradeMerger merger = new TradeMerger(3);
        for (int i = 0; i < 3; i++) {
            merger.add(trade(r, i, 1));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> merger.add(trade(r, 9, 1)));
        assertTrue(e.getMessage().contains("max_trades (3)"), e.getMessage());
        assertEquals(3, merger.flush().count(), "nothing lost before the refusal");
        merger.add(trade(r, 9, 1));
        assertNotEquals(null, merger.flush());
    }
}
