package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.core.Publication;
import io.mixgate.core.PublishResult;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes one numbered publication to a channel's subscribers: the published bytes to those that
 * asked for no envelope, and each distinct envelope filled once for all that asked for it.
 *
 * <p>Stateless and thread-safe.
 */
final class EnvelopeFanout {
    private EnvelopeFanout() {
    }

    static PublishResult write(String channel, String epoch, Publication p, Collection<Session> subscribers,
                               EnvelopeIndex envelopes, FrameFanout fanout, LongAdder fills) {
        if (subscribers.isEmpty()) {
            return PublishResult.NONE;
        }
        List<EnvelopeIndex.Group> groups = envelopes.groups(channel);
        if (groups == null) {
            return write(p.data(), p.type(), subscribers, fanout);
        }
        List<Session> plain = new ArrayList<>(subscribers.size());
        List<List<Session>> wrapped = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            wrapped.add(new ArrayList<>());
        }
        for (Session s : subscribers) {
            int g = 0;
            while (g < groups.size() && !groups.get(g).sessions().contains(s)) {
                g++;
            }
            (g < groups.size() ? wrapped.get(g) : plain).add(s);
        }
        long delivered = 0;
        long failed = 0;
        if (!plain.isEmpty()) {
            PublishResult r = write(p.data(), p.type(), plain, fanout);
            delivered += r.delivered();
            failed += r.failed();
        }
        for (int g = 0; g < groups.size(); g++) {
            if (!wrapped.get(g).isEmpty()) {
                fills.increment();
                byte[] bytes = groups.get(g).envelope().fill(channel, p.offset(), epoch, p.data());
                PublishResult r = write(bytes, p.type(), wrapped.get(g), fanout);
                delivered += r.delivered();
                failed += r.failed();
            }
        }
        return new PublishResult(delivered, failed);
    }

    static PublishResult write(byte[] data, MessageType type, Collection<Session> to, FrameFanout fanout) {
        OutboundMessage message = new OutboundMessage(data, type);
        try {
            return fanout.writeAll(message, to);
        } finally {
            message.release();
        }
    }
}
