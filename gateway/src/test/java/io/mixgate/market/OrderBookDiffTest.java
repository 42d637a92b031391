package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderBookDiffTest {

    /** A random side: prices on a grid below (bids) or above (asks) 100, random quantities. */
    private static List<PriceLevel> side(Random r, boolean bids) {
        List<PriceLevel> out = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
            int tick = 1 + r.nextInt(40);
            if (used.add(tick)) {
                BigDecimal price = BigDecimal.valueOf(bids ? 10_000 - tick : 10_000 + tick, 2);
                // qty sometimes with trailing zeros: "1.50" and "1.5" are the same quantity
                int scale = r.nextInt(3);
                BigDecimal qty = BigDecimal.valueOf(1 + r.nextInt(5), scale).setScale(scale + r.nextInt(2));
                out.add(new PriceLevel(price, qty));
            }
        }
        return out;
    }

    @Test
    void applyingDiffOfAToBGivesBWithExactlyTheChangedLevels() {
        Random r = new Random(15);
        for (int round = 0; round < 2_000; round++) {
            OrderBook book = new OrderBook("X", UpdateRules.NONE, 100, 0);
            List<PriceLevel> aBids = side(r, true);
            List<PriceLevel> aAsks = side(r, false);
            book.applySnapshot(DepthUpdate.NO_ID, aBids, aAsks);
            book.diff();
            BookReplica client = new BookReplica(book.snapshot());
            List<PriceLevel> bBids = r.nextInt(10) == 0 ? aBids : side(r, true);
            List<PriceLevel> bAsks = r.nextInt(10) == 0 ? aAsks : side(r, false);
            long seqBefore = book.seq();
            book.applySnapshot(DepthUpdate.NO_ID, bBids, bAsks);
            BookDiff d = book.diff();
            int changed = changed(aBids, bBids) + changed(aAsks, bAsks);
            assertEquals(changed, d.bids().size() + d.asks().size(), "round " + round + ": only changed levels");
            assertEquals(changed == 0, d.isEmpty());
            assertEquals(changed == 0 ? seqBefore : seqBefore + 1, book.seq(), "a sequence number per emitted diff");
            client.apply(d);
            client.assertSame(new BookSnapshot(0, sorted(bBids, true), sorted(bAsks, false)), "round " + round);
            assertTrue(book.diff().isEmpty(), "nothing changed since: empty");
        }
    }

    /** Levels whose quantity differs between a and b (a price absent from one side counts). */
    private static int changed(List<PriceLevel> a, List<PriceLevel> b) {
        Set<BigDecimal> prices = new HashSet<>();
        a.forEach(l -> prices.add(l.price()));
        b.forEach(l -> prices.add(l.price()));
        int n = 0;
        for (BigDecimal p : prices) {
            BigDecimal qa = a.stream().filter(l -> l.price().equals(p)).map(PriceLevel::quantity).findFirst().orElse(null);
            BigDecimal qb = b.stream().filter(l -> l.price().equals(p)).map(PriceLevel::quantity).findFirst().orElse(null);
            if (qa == null || qb == null || qa.compareTo(qb) != 0) {
                n++;
            }
        }
        return n;
    }

    private static List<PriceLevel> sorted(List<PriceLevel> side, boolean bids) {
        List<PriceLevel> out = new ArrayList<>(side);
        out.sort((x, y) -> bids ? y.price().compareTo(x.price()) : x.price().compareTo(y.price()));
        return out;
    }

    @Test
    void depthLimitedDiffsReproduceTheTopLevelsAndMergedDiffsAreDiffs() {
        Random r = new Random(7);
        OrderBook book = new OrderBook("X", UpdateRules.NONE, 100, 5);
        book.applySnapshot(DepthUpdate.NO_ID, side(r, true), side(r, false));
        BookDiff pending = null;
        BookReplica client = new BookReplica(book.snapshot());
        BookReplica conflated = new BookReplica(book.snapshot());
        for (int step = 0; step < 3_000; step++) {
            List<PriceLevel> b = new ArrayList<>();
            List<PriceLevel> a = new ArrayList<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                PriceLevel l = side(r, r.nextBoolean()).stream().findFirst().orElse(null);
                if (l != null) {
                    PriceLevel level = r.nextInt(3) == 0 ? new PriceLevel(l.price(), BigDecimal.ZERO) : l;
                    (l.price().compareTo(BigDecimal.valueOf(100)) < 0 ? b : a).add(level);
                }
            }
            book.apply(new DepthUpdate(DepthUpdate.NO_ID, DepthUpdate.NO_ID, DepthUpdate.NO_ID, b, a));
            BookDiff d = book.diff();
            if (d.isEmpty()) {
                continue;
            }
            assertTrue(d.bids().size() <= 10 && d.asks().size() <= 10);
            client.apply(d);
            client.assertSame(book.current(), "step " + step);
            assertTrue(client.bids.size() <= 5 && client.asks.size() <= 5, "top 5 only");
            pending = pending == null ? d : BookDiff.merge(pending, d);
            if (r.nextInt(5) == 0) { // a slow client gets one merged diff for several
                conflated.apply(pending);
                conflated.assertSame(book.current(), "conflated, step " + step);
                pending = null;
            }
        }
        assertFalse(book.crossed());
    }

    @Test
    void mergeRefusesDiffsThatDoNotFollow() {
        BookDiff one = new BookDiff(1, 1, 0, List.of(), List.of(new PriceLevel(BigDecimal.ONE, BigDecimal.ONE)));
        BookDiff three = new BookDiff(3, 3, 2, List.of(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BookDiff.merge(one, three));
        assertTrue(e.getMessage().contains("does not follow"), e.getMessage());
    }

    @Test
    void crossedInputIsReportedNotFixed() {
        OrderBook book = new OrderBook("X", UpdateRules.NONE, 10, 0);
        ApplyResult r = book.applySnapshot(DepthUpdate.NO_ID, List.of(PriceLevel.of("b", "101", "1")),
                List.of(PriceLevel.of("a", "100", "1")));
        assertTrue(r.crossed());
        assertEquals(1, book.current().bids().size(), "nothing dropped to hide it");
        r = book.apply(new DepthUpdate(DepthUpdate.NO_ID, DepthUpdate.NO_ID, DepthUpdate.NO_ID,
                List.of(PriceLevel.of("b", "101", "0")), List.of()));
        assertFalse(r.crossed());
    }

    @Test
    void levelLimitRefusesTheWholeInputAndNamesTheLimit() {
        OrderBook book = new OrderBook("X", UpdateRules.SPOT, 2, 0);
        book.applySnapshot(10, List.of(PriceLevel.of("b", "1", "1")), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.apply(new DepthUpdate(11, 11,
                DepthUpdate.NO_ID, List.of(PriceLevel.of("b", "2", "1"), PriceLevel.of("b", "3", "1")), List.of())));
        assertTrue(e.getMessage().contains("max_levels (2)"), e.getMessage());
        assertEquals(1, book.current().bids().size(), "nothing applied");
        assertEquals(ApplyResult.Status.NO_SNAPSHOT, book.apply(new DepthUpdate(11, 11, DepthUpdate.NO_ID,
                List.of(), List.of())).status(), "a refused update leaves a hole: the book waits for a snapshot");
        assertThrows(IllegalArgumentException.class, () -> book.applySnapshot(12, List.of(PriceLevel.of("b", "1", "1"),
                PriceLevel.of("b", "2", "1"), PriceLevel.of("b", "3", "1")), List.of()));
    }

    @Test
    void spotRulesDropStaleAndDetectGaps() {
        OrderBook book = new OrderBook("X", UpdateRules.SPOT, 10, 0);
        DepthUpdate u = new DepthUpdate(5, 8, DepthUpdate.NO_ID, List.of(), List.of());
        assertEquals(ApplyResult.Status.NO_SNAPSHOT, book.apply(u).status());
        book.applySnapshot(10, List.of(), List.of());
        assertEquals(ApplyResult.Status.STALE, book.apply(u).status());
        assertEquals(ApplyResult.Status.APPLIED, book.apply(new DepthUpdate(9, 12, DepthUpdate.NO_ID, List.of(), List.of())).status());
        assertEquals(ApplyResult.Status.APPLIED, book.apply(new DepthUpdate(13, 13, DepthUpdate.NO_ID, List.of(), List.of())).status());
        assertEquals(ApplyResult.Status.GAP, book.apply(new DepthUpdate(15, 16, DepthUpdate.NO_ID, List.of(), List.of())).status());
        assertFalse(book.synced());
        assertEquals(ApplyResult.Status.NO_SNAPSHOT, book.apply(new DepthUpdate(14, 14, DepthUpdate.NO_ID, List.of(), List.of())).status());
    }
}
