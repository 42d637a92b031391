package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One channel's history on this node: its epoch, its last offset and a ring of its latest
 * publications bounded by count, age and bytes.
 *
 * <p>Thread safety: none of its own. Every call is made holding this object's monitor, which is
 * the channel's lock: a publish assigns the offset, stores and delivers under it, and a
 * recovering subscribe reads and subscribes under it, so the two never interleave.
 */
final class ChannelLog {
    private record Stored(Publication publication, long at) {
    }

    final String epoch;
    private final int size;
    private final long ttlMillis;
    private final long maxBytes;
    private final ArrayDeque<Stored> ring = new ArrayDeque<>();
    private long lastOffset;
    private long bytes;
    /** Set under the monitor when the log is evicted: a caller that finds it set looks the log up again. */
    boolean removed;
    /** Last publish or subscribe, for eviction; read without the monitor. */
    volatile long lastUsed;

    ChannelLog(HistoryRules.Rule rule, long maxBytes, long now) {
        this.epoch = newEpoch();
        this.size = rule.size();
        this.ttlMillis = rule.ttlMillis();
        this.maxBytes = maxBytes;
        this.lastUsed = now;
    }

    private static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /**
     * Assigns the next offset and stores a copy of {@code data}.
     *
     * @param data not modified and not kept (copied)
     */
    Publication append(byte[] data, MessageType type, long now) {
        Publication p = new Publication(++lastOffset, data.clone(), type);
        ring.addLast(new Stored(p, now));
        bytes += data.length;
        lastUsed = now;
        trim(now);
        return p;
    }

    StreamPosition top() {
        return new StreamPosition(lastOffset, epoch);
    }

    /**
     * The publications after {@code since} (all of them), or the latest {@code limit} when
     * {@code since} is null.
     */
    HistoryPage read(StreamPosition since, int limit, long now) {
        trim(now);
        if (since == null) {
            List<Publication> latest = new ArrayList<>(Math.min(limit, ring.size()));
            Iterator<Stored> it = ring.descendingIterator();
            while (it.hasNext() && latest.size() < limit) {
                latest.add(it.next().publication());
            }
            return new HistoryPage(true, top(), latest.reversed());
        }
        if (!since.epoch().equals(epoch) || since.offset() > lastOffset) {
            return new HistoryPage(false, top(), List.of());
        }
        long oldestHeld = ring.isEmpty() ? lastOffset + 1 : ring.peekFirst().publication().offset();
        if (since.offset() + 1 < oldestHeld) {
            return new HistoryPage(false, top(), List.of());
        }
        List<Publication> after = new ArrayList<>();
        for (Stored s : ring) {
            if (s.publication().offset() > since.offset()) {
                if (after.size() == limit) {
                    break;
                }
                after.add(s.publication());
            }
        }
        return new HistoryPage(true, top(), after);
    }

    /** The latest publication still held, or null. */
    Publication current(long now) {
        trim(now);
        Stored last = ring.peekLast();
        return last == null ? null : last.publication();
    }

    private void trim(long now) {
        while (!ring.isEmpty()) {
            Stored first = ring.peekFirst();
            if (ring.size() > size || bytes > maxBytes || now - first.at() >= ttlMillis) {
                ring.removeFirst();
                bytes -= first.publication().data().length;
            } else {
                break;
            }
        }
    }
}
