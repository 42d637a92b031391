package io.mixgate.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The levels that changed between two states of a book, best first per side, a removed level
 * with quantity zero, numbered like Binance's diff stream: {@code firstSeq} ({@code U}),
 * {@code lastSeq} ({@code u}) and {@code prevSeq} ({@code pu} = the {@code u} of the diff
 * before). One diff from {@link OrderBook#diff()} has {@code U == u}; a {@link #merge} of
 * successive diffs spans several. Immutable.
 */
public record BookDiff(long firstSeq, long lastSeq, long prevSeq, List<PriceLevel> bids, List<PriceLevel> asks) {
    public BookDiff {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** True when no level changed (nothing to send). */
    public boolean isEmpty() {
        return bids.isEmpty() && asks.isEmpty();
    }

    /**
     * One diff equal to applying {@code first} then {@code second} (for a client that fell
     * behind: per-client conflation). A level both touch takes {@code second}'s quantity; a
     * level that {@code first} added and {@code second} removed stays as quantity zero, which a
     * client that never had it ignores.
     *
     * @throws IllegalArgumentException when {@code second} does not directly follow {@code first}
     */
    public static BookDiff merge(BookDiff first, BookDiff second) {
        if (second.prevSeq != first.lastSeq) {
            throw new IllegalArgumentException("merge: diff " + second.firstSeq + ".." + second.lastSeq
                    + " does not follow diff " + first.firstSeq + ".." + first.lastSeq);
        }
        return new BookDiff(first.firstSeq, second.lastSeq, first.prevSeq,
                overlay(first.bids, second.bids, Comparator.reverseOrder()),
                overlay(first.asks, second.asks, Comparator.naturalOrder()));
    }

    private static List<PriceLevel> overlay(List<PriceLevel> a, List<PriceLevel> b, Comparator<BigDecimal> order) {
        TreeMap<BigDecimal, BigDecimal> levels = new TreeMap<>(order);
        a.forEach(l -> levels.put(l.price(), l.quantity()));
        b.forEach(l -> levels.put(l.price(), l.quantity()));
        List<PriceLevel> out = new ArrayList<>(levels.size());
        levels.forEach((p, q) -> out.add(new PriceLevel(p, q)));
        return out;
    }
}
