package io.mixgate.market;

import java.util.List;

/**
 * A full book, best first per side, as of diff {@code seq}: a new or resyncing subscriber
 * takes it and then applies the diffs with {@code lastSeq > seq} (the first one has
 * {@code firstSeq <= seq + 1 <= lastSeq}). Immutable.
 */
public record BookSnapshot(long seq, List<PriceLevel> bids, List<PriceLevel> asks) {
    public BookSnapshot {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
