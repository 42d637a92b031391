package io.mixgate.pubsub;

import io.mixgate.core.Publication;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a mesh node knows of one history channel it has local subscribers for: the epoch and the
 * last offset it delivered, whether it is reading what it missed from Redis (then live
 * publications are held, by offset), and the subscribers that are recovering (each with the live
 * publications that arrived while its read was in flight).
 *
 * <p>Thread safety: none of its own; every access holds this object's monitor, the channel's lock.
 */
final class MeshChannel {
    /** A publication, or (publication null) a gap notice: delivery continues after {@code offset} in {@code epoch}. */
    record Item(long offset, String epoch, Publication publication) {
        boolean isNotice() {
            return publication == null;
        }
    }

    /** A subscriber whose recovering read is in flight ({@code reading}), or done but ahead of the node. */
    static final class Pending {
        final List<Item> buffer = new ArrayList<>();
        boolean reading = true;
        boolean overflowed;
        /** Once the read is done: what the subscriber already got, up to this offset in {@code epoch}. */
        long upTo;
        String epoch;
    }

    /** Null until a read or the first live publication tells the node where the channel is. */
    String epoch;
    long last;
    boolean reading;
    boolean again;
    /** Set when the channel's last local subscriber left: a caller that finds it set looks the channel up again. */
    boolean removed;
    final TreeMap<Long, Item> held = new TreeMap<>();
    final Map<Session, Pending> pending = new HashMap<>();
}
