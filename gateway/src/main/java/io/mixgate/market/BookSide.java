package io.mixgate.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One side of an {@link OrderBook}: the current levels (best first), the levels as last sent
 * in a diff, and the prices touched since; {@link #takeChanges} turns the difference into
 * diff levels. Not thread-safe: owned by its book.
 */
final class BookSide {
    private final String name;
    private final TreeMap<BigDecimal, BigDecimal> levels;
    private final TreeMap<BigDecimal, BigDecimal> sent;
    private final TreeSet<BigDecimal> dirty;

    BookSide(String name, boolean descending) {
        Comparator<BigDecimal> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        this.name = name;
        this.levels = new TreeMap<>(order);
        this.sent = new TreeMap<>(order);
        this.dirty = new TreeSet<>(order);
    }

    int size() {
        return levels.size();
    }

    /** The best price, or null when the side is empty. */
    BigDecimal best() {
        return levels.isEmpty() ? null : levels.firstKey();
    }

    /** The levels of a snapshot, keyed by price, checked against {@code maxLevels}; the side is unchanged. */
    TreeMap<BigDecimal, BigDecimal> stageSnapshot(List<PriceLevel> input, int maxLevels) {
        TreeMap<BigDecimal, BigDecimal> staged = new TreeMap<>(levels.comparator());
        for (PriceLevel level : input) {
            if (level.quantity().signum() == 0) {
                continue;
            }
            if (staged.put(level.price(), level.quantity()) != null) {
                throw new IllegalArgumentException(name + ": price " + Decimals.text(level.price())
                        + " appears twice in the snapshot");
            }
        }
        if (staged.size() > maxLevels) {
            throw new IllegalArgumentException("max_levels (" + maxLevels + ") exceeded: the snapshot has "
                    + staged.size() + " " + name + " levels");
        }
        return staged;
    }

    /** The changes of an update keyed by price (a later level for the same price wins), checked against {@code maxLevels}. */
    TreeMap<BigDecimal, BigDecimal> stageUpdate(List<PriceLevel> input, int maxLevels) {
        TreeMap<BigDecimal, BigDecimal> staged = new TreeMap<>(levels.comparator());
        for (PriceLevel level : input) {
            staged.put(level.price(), level.quantity());
        }
        int size = levels.size();
        for (Map.Entry<BigDecimal, BigDecimal> e : staged.entrySet()) {
            boolean present = levels.containsKey(e.getKey());
            boolean zero = e.getValue().signum() == 0;
            if (present && zero) {
                size--;
            } else if (!present && !zero) {
                size++;
            }
        }
        if (size > maxLevels) {
            throw new IllegalArgumentException("max_levels (" + maxLevels + ") exceeded: the update would leave "
                    + size + " " + name + " levels");
        }
        return staged;
    }

    void replace(TreeMap<BigDecimal, BigDecimal> staged) {
        dirty.addAll(levels.keySet());
        dirty.addAll(staged.keySet());
        levels.clear();
        levels.putAll(staged);
    }

    void update(TreeMap<BigDecimal, BigDecimal> staged) {
        for (Map.Entry<BigDecimal, BigDecimal> e : staged.entrySet()) {
            if (e.getValue().signum() == 0) {
                levels.remove(e.getKey());
            } else {
                levels.put(e.getKey(), e.getValue());
            }
            dirty.add(e.getKey());
        }
    }

    /**
     * The levels that differ between what was sent and the current book (its top {@code depth}
     * levels when depth > 0), best first, a removed level with quantity zero; afterwards they
     * count as sent.
     */
    List<PriceLevel> takeChanges(int depth) {
        List<PriceLevel> out = new ArrayList<>();
        if (depth <= 0) {
            for (BigDecimal price : dirty) {
                BigDecimal now = levels.get(price);
                BigDecimal before = sent.get(price);
                if (!same(now, before)) {
                    out.add(new PriceLevel(price, now == null ? BigDecimal.ZERO : now));
                    if (now == null) {
                        sent.remove(price);
                    } else {
                        sent.put(price, now);
                    }
                }
            }
            dirty.clear();
            return out;
        }
        TreeMap<BigDecimal, BigDecimal> top = top(depth);
        TreeSet<BigDecimal> prices = new TreeSet<>(levels.comparator());
        prices.addAll(top.keySet());
        prices.addAll(sent.keySet());
        for (BigDecimal price : prices) {
            BigDecimal now = top.get(price);
            if (!same(now, sent.get(price))) {
                out.add(new PriceLevel(price, now == null ? BigDecimal.ZERO : now));
            }
        }
        sent.clear();
        sent.putAll(top);
        dirty.clear();
        return out;
    }

    /** The current levels, best first; at most {@code depth} of them when depth > 0. */
    List<PriceLevel> current(int depth) {
        return list(depth > 0 ? top(depth) : levels);
    }

    /** The levels as last sent, best first. */
    List<PriceLevel> sent() {
        return list(sent);
    }

    private TreeMap<BigDecimal, BigDecimal> top(int depth) {
        TreeMap<BigDecimal, BigDecimal> top = new TreeMap<>(levels.comparator());
        Iterator<Map.Entry<BigDecimal, BigDecimal>> it = levels.entrySet().iterator();
        for (int i = 0; i < depth && it.hasNext(); i++) {
            Map.Entry<BigDecimal, BigDecimal> e = it.next();
            top.put(e.getKey(), e.getValue());
        }
        return top;
    }

    private static List<PriceLevel> list(Map<BigDecimal, BigDecimal> map) {
        List<PriceLevel> out = new ArrayList<>(map.size());
        map.forEach((p, q) -> out.add(new PriceLevel(p, q)));
        return out;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
