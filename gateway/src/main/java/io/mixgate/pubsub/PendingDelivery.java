package io.mixgate.pubsub;

import io.mixgate.core.Publication;
import io.mixgate.core.PublishResult;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.Session;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a subscriber that is recovering with offsets gets from the live stream of a mesh channel:
 * while its read is in flight, the publications and notices are held for it (at most
 * {@code history.maxHeld}; one more marks it overflowed and its subscribe fails); once its read
 * is done but the node is behind it, those it already has are skipped, and the first newer one
 * makes it an ordinary subscriber.
 *
 * <p>Thread safety: called under the channel's lock ({@link MeshChannel}) only.
 */
final class PendingDelivery {
    private final EnvelopeIndex envelopes;
    private final GapNotices notices;
    private final FrameFanout fanout;
    private final Consumer<PublishResult> counted;
    private final int maxHeld;

    PendingDelivery(EnvelopeIndex envelopes, GapNotices notices, FrameFanout fanout, Consumer<PublishResult> counted,
                    int maxHeld) {
        this.envelopes = envelopes;
        this.notices = notices;
        this.fanout = fanout;
        this.counted = counted;
        this.maxHeld = maxHeld;
    }

    void offer(String channel, MeshChannel c, Session s, MeshChannel.Pending pending, MeshChannel.Item item) {
        if (pending.reading) {
            if (pending.buffer.size() >= maxHeld) {
                pending.overflowed = true;
            } else {
                pending.buffer.add(item);
            }
            return;
        }
        if (item.isNotice()) {
            c.pending.remove(s);
            notices.write(channel, s, item.offset(), item.epoch(), fanout);
        } else if (!item.epoch().equals(pending.epoch) || item.offset() > pending.upTo) {
            c.pending.remove(s); // the node has caught up with what this subscriber read
            Envelope e = envelopes.of(channel, s);
            Publication p = item.publication();
            byte[] bytes = e == null ? p.data() : e.fill(channel, p.offset(), item.epoch(), p.data());
            counted.accept(EnvelopeFanout.write(bytes, p.type(), List.of(s), fanout));
        }
    }
}
