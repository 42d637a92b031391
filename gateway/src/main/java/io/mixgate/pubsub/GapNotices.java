package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gap notice templates of a mesh node's subscribers: per channel, the subscribers that asked
 * to be told (rather than see a jump in offsets) when the node cannot give them every publication.
 *
 * <p>Thread-safe. Notices are written without holding any lock of this class.
 */
final class GapNotices {
    private static final byte[] NO_DATA = new byte[0];

    private final ConcurrentHashMap<String, Map<Session, Envelope>> byChannel = new ConcurrentHashMap<>();

    void add(String channel, Session session, Envelope notice) {
        byChannel.computeIfAbsent(channel, k -> new ConcurrentHashMap<>()).put(session, notice);
    }

    void remove(String channel, Session session) {
        byChannel.computeIfPresent(channel, (k, m) -> {
            m.remove(session);
            return m.isEmpty() ? null : m;
        });
    }

    /** The filled notice for {@code session}: delivery goes on after {@code offset} in {@code epoch}; null when it asked for none. */
    byte[] fill(String channel, Session session, long offset, String epoch) {
        Map<Session, Envelope> notices = byChannel.get(channel);
        Envelope e = notices == null ? null : notices.get(session);
        return e == null ? null : e.fill(channel, offset, epoch, NO_DATA);
    }

    /** Writes the notice to {@code session} when it asked for one. */
    void write(String channel, Session session, long offset, String epoch, FrameFanout fanout) {
        byte[] notice = fill(channel, session, offset, epoch);
        if (notice != null) {
            EnvelopeFanout.write(notice, MessageType.TEXT, List.of(session), fanout);
        }
    }
}
