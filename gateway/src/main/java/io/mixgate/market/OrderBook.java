package io.mixgate.market;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;

/**
 * The order book of one symbol, fed with full snapshots (an engine's book, an exchange's REST
 * depth) or exchange-style updates chained by {@link UpdateRules}, and turned into diffs: each
 * {@link #diff()} holds exactly the levels that changed since the previous one (a removed
 * level with quantity zero) and gets the next sequence number; nothing changed, nothing sent.
 * With a {@code depth} limit the diffs and snapshots describe the top {@code depth} levels per
 * side only. At most {@code maxLevels} levels per side are held: an input that would exceed
 * them is refused whole (and, under sequenced rules, the book then waits for a new snapshot).
 * A crossed book (best bid >= best ask) can only come from the input: every
 * {@link ApplyResult} reports it, nothing is dropped to hide it.
 *
 * <p>Not thread-safe: one owner (a script VM) feeds it and takes its diffs. Holds no threads,
 * clock or I/O.
 */
public final class OrderBook {
    private final String symbol;
    private final UpdateRules rules;
    private final int maxLevels;
    private final int depth;
    private final BookSide bids = new BookSide("bids", true);
    private final BookSide asks = new BookSide("asks", false);
    private long seq;
    private long lastUpdateId = DepthUpdate.NO_ID;
    private boolean synced;
    private boolean firstAfterSnapshot;

    /**
     * @param depth the number of levels per side that diffs and snapshots describe, 0 for all
     * @param maxLevels the most levels per side the book holds
     */
    public OrderBook(String symbol, UpdateRules rules, int maxLevels, int depth) {
        if (maxLevels < 1) {
            throw new IllegalArgumentException("max_levels: " + maxLevels + " (expected: >= 1)");
        }
        if (depth < 0 || depth > maxLevels) {
            throw new IllegalArgumentException("depth: " + depth + " (expected: 0..max_levels " + maxLevels + ")");
        }
        this.symbol = symbol;
        this.rules = rules;
        this.maxLevels = maxLevels;
        this.depth = depth;
    }

    public String symbol() {
        return symbol;
    }

    /** The most levels per side this book holds. */
    public int maxLevels() {
        return maxLevels;
    }

    /**
     * Replaces the whole book. {@code lastUpdateId} is the exchange's id of the snapshot
     * ({@link DepthUpdate#NO_ID} without one; required under sequenced rules). Levels with
     * quantity zero are skipped; a price twice on one side is refused.
     *
     * @throws IllegalArgumentException for bad input; the book is then unchanged
     */
    public ApplyResult applySnapshot(long lastUpdateId, List<PriceLevel> bidLevels, List<PriceLevel> askLevels) {
        if (rules != UpdateRules.NONE && lastUpdateId == DepthUpdate.NO_ID) {
            throw new IllegalArgumentException("lastUpdateId: missing (required by rules " + rules.name().toLowerCase() + ")");
        }
        TreeMap<BigDecimal, BigDecimal> b = bids.stageSnapshot(bidLevels, maxLevels);
        TreeMap<BigDecimal, BigDecimal> a = asks.stageSnapshot(askLevels, maxLevels);
        bids.replace(b);
        asks.replace(a);
        this.lastUpdateId = lastUpdateId;
        synced = true;
        firstAfterSnapshot = true;
        return new ApplyResult(ApplyResult.Status.APPLIED, crossed());
    }

    /**
     * Applies one update if it chains onto the book by the rules; a stale one is dropped, one
     * that leaves a gap is refused and the book waits for a new snapshot.
     *
     * @throws IllegalArgumentException when the update would exceed {@code maxLevels}: it is
     *     not applied and (under sequenced rules) the book waits for a new snapshot
     */
    public ApplyResult apply(DepthUpdate update) {
        ApplyResult.Status verdict = chain(update);
        if (verdict != ApplyResult.Status.APPLIED) {
            return new ApplyResult(verdict, crossed());
        }
        TreeMap<BigDecimal, BigDecimal> b;
        TreeMap<BigDecimal, BigDecimal> a;
        try {
            b = bids.stageUpdate(update.bids(), maxLevels);
            a = asks.stageUpdate(update.asks(), maxLevels);
        } catch (IllegalArgumentException e) {
            synced = rules == UpdateRules.NONE;
            throw e;
        }
        bids.update(b);
        asks.update(a);
        if (rules != UpdateRules.NONE) {
            lastUpdateId = update.lastId();
            firstAfterSnapshot = false;
        }
        return new ApplyResult(ApplyResult.Status.APPLIED, crossed());
    }

    private ApplyResult.Status chain(DepthUpdate u) {
        if (rules == UpdateRules.NONE) {
            return ApplyResult.Status.APPLIED;
        }
        if (!synced) {
            return ApplyResult.Status.NO_SNAPSHOT;
        }
        if (u.firstId() == DepthUpdate.NO_ID || u.lastId() == DepthUpdate.NO_ID) {
            throw new IllegalArgumentException("U and u: required by rules " + rules.name().toLowerCase());
        }
        long last = lastUpdateId;
        boolean stale = rules == UpdateRules.FUTURES && firstAfterSnapshot ? u.lastId() < last : u.lastId() <= last;
        if (stale) {
            return ApplyResult.Status.STALE;
        }
        boolean chains;
        if (firstAfterSnapshot) {
            chains = rules == UpdateRules.SPOT ? u.firstId() <= last + 1 : u.firstId() <= last;
        } else if (rules == UpdateRules.SPOT) {
            chains = u.firstId() == last + 1;
        } else {
            if (u.prevLastId() == DepthUpdate.NO_ID) {
                throw new IllegalArgumentException("pu: required by rules futures");
            }
            chains = u.prevLastId() == last;
        }
        if (!chains) {
            synced = false;
            return ApplyResult.Status.GAP;
        }
        return ApplyResult.Status.APPLIED;
    }

    /**
     * The levels changed since the previous diff (or since the start), numbered with the next
     * sequence number; an empty diff (not numbered, nothing to send) when nothing changed.
     */
    public BookDiff diff() {
        List<PriceLevel> b = bids.takeChanges(depth);
        List<PriceLevel> a = asks.takeChanges(depth);
        if (b.isEmpty() && a.isEmpty()) {
            return new BookDiff(seq, seq, seq, List.of(), List.of());
        }
        seq++;
        return new BookDiff(seq, seq, seq - 1, b, a);
    }

    /** The book as the diffs so far describe it (what a subscriber has), as of {@link #seq()}. */
    public BookSnapshot snapshot() {
        return new BookSnapshot(seq, bids.sent(), asks.sent());
    }

    /** The book as it is now (within the depth limit), including changes not yet sent in a diff. */
    public BookSnapshot current() {
        return new BookSnapshot(seq, bids.current(depth), asks.current(depth));
    }

    /** The sequence number of the last non-empty diff, 0 before the first. */
    public long seq() {
        return seq;
    }

    /** The exchange update id the book is at ({@link DepthUpdate#NO_ID} when unknown). */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    /** False before the first snapshot and after a gap, until the next snapshot (sequenced rules). */
    public boolean synced() {
        return synced || rules == UpdateRules.NONE;
    }

    public BigDecimal bestBid() {
        return bids.best();
    }

    public BigDecimal bestAsk() {
        return asks.best();
    }

    public int levels(boolean bidSide) {
        return bidSide ? bids.size() : asks.size();
    }

    /** Best bid >= best ask. */
    public boolean crossed() {
        BigDecimal b = bids.best();
        BigDecimal a = asks.best();
        return b != null && a != null && b.compareTo(a) >= 0;
    }
}
