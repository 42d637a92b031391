package io.mixgate.market;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** A test client's copy of a book, built only from the snapshots and diffs a book emits. */
final class BookReplica {
    final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    long seq;

    BookReplica(BookSnapshot s) {
        s.bids().forEach(l -> bids.put(l.price(), l.quantity()));
        s.asks().forEach(l -> asks.put(l.price(), l.quantity()));
        seq = s.seq();
    }

    /** Applies a diff by the rules a client follows; fails on a gap. */
    void apply(BookDiff d) {
        if (d.lastSeq() <= seq) {
            return;
        }
        if (!(d.firstSeq() <= seq + 1 && seq + 1 <= d.lastSeq())) {
            throw new AssertionError("gap: replica at " + seq + ", diff " + d.firstSeq() + ".." + d.lastSeq());
        }
        put(bids, d.bids());
        put(asks, d.asks());
        seq = d.lastSeq();
    }

    private static void put(TreeMap<BigDecimal, BigDecimal> side, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            if (l.quantity().signum() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.quantity());
            }
        }
    }

    /** Fails unless this copy holds exactly the levels of {@code s}. */
    void assertSame(BookSnapshot s, String when) {
        assertSide(bids, s.bids(), "bids " + when);
        assertSide(asks, s.asks(), "asks " + when);
    }

    private static void assertSide(TreeMap<BigDecimal, BigDecimal> side, List<PriceLevel> expected, String what) {
        if (side.size() != expected.size()) {
            throw new AssertionError(what + ": " + side.size() + " levels, expected " + expected.size());
        }
        for (PriceLevel l : expected) {
            BigDecimal q = side.get(l.price());
            if (q == null || q.compareTo(l.quantity()) != 0) {
                throw new AssertionError(what + ": level " + l.price() + " is " + q + ", expected " + l.quantity());
            }
        }
    }
}
