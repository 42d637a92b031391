package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.core.Publication;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * A mesh node's subscribe to a history channel with offsets: subscribes at once, holds the live
 * publications for that subscriber while it reads Redis (after {@code since}, or only the top),
 * then writes the missed ones and the held ones, de-duplicated by offset, before any later live
 * one. More than {@code history.maxHeld} held, Redis down or too slow, or a connection that cannot
 * take the missed ones: the subscribe fails and leaves nothing subscribed.
 *
 * <p>Thread-safe. The Redis read runs on the caller's (virtual) thread, under no lock.
 */
final class RecoveringSubscribe {
    private final SubscriptionIndex index;
    private final EnvelopeIndex envelopes;
    private final GapNotices notices;
    private final HistoryReads reads;
    private final MeshSequencer sequencer;
    private final int maxHeld;
    private final MeshHistoryFigures figures;

    RecoveringSubscribe(SubscriptionIndex index, EnvelopeIndex envelopes, GapNotices notices, HistoryReads reads,
                        MeshSequencer sequencer, int maxHeld, MeshHistoryFigures figures) {
        this.index = index;
        this.envelopes = envelopes;
        this.notices = notices;
        this.reads = reads;
        this.sequencer = sequencer;
        this.maxHeld = maxHeld;
        this.figures = figures;
    }

    RecoveryOutcome subscribe(Session session, String channel, HistoryRules.Rule rule, int maxSubscriptions,
                              StreamPosition since, Envelope envelope, Envelope gap) {
        MeshChannel c;
        MeshChannel.Pending pending = new MeshChannel.Pending();
        while (true) {
            c = sequencer.channel(channel);
            synchronized (c) {
                if (c.removed) {
                    continue;
                }
                SubscribeOutcome outcome = index.subscribe(session, channel, maxSubscriptions);
                if (outcome.error() != null) {
                    return RecoveryOutcome.failed(outcome.error());
                }
                if (outcome == SubscribeOutcome.ALREADY_SUBSCRIBED) {
                    if (c.epoch != null) {
                        return new RecoveryOutcome(null, false, 0, new StreamPosition(c.last, c.epoch));
                    }
                    pending = null; // already getting live ones: only the top is wanted
                    break;
                }
                if (envelope != null) {
                    String refused = envelopes.add(channel, session, envelope);
                    if (refused != null) {
                        index.unsubscribe(session, channel);
                        return RecoveryOutcome.failed(refused);
                    }
                }
                if (gap != null) {
                    notices.add(channel, session, gap);
                }
                if (since == null && c.epoch != null) {
                    return new RecoveryOutcome(null, false, 0, new StreamPosition(c.last, c.epoch));
                }
                c.pending.put(session, pending);
                break;
            }
        }
        HistoryPage page;
        try {
            page = reads.now(channel, rule, since, since == null ? 0 : rule.size());
        } catch (HistoryUnavailableException e) {
            if (pending != null) {
                synchronized (c) {
                    c.pending.remove(session);
                }
                index.unsubscribe(session, channel); // nothing half-subscribed
            }
            return RecoveryOutcome.failed(e.getMessage());
        }
        if (pending == null) {
            return new RecoveryOutcome(null, false, 0, page.top());
        }
        synchronized (c) {
            RecoveryOutcome outcome = finish(session, channel, c, pending, since, page);
            if (since != null && outcome.error() == null) {
                (outcome.recovered() ? figures.recovered : figures.notRecovered).increment();
            }
            return outcome;
        }
    }

    /** Under the lock, after the subscriber's read: missed, then held, then it is an ordinary subscriber. */
    private RecoveryOutcome finish(Session session, String channel, MeshChannel c, MeshChannel.Pending pending,
                                   StreamPosition since, HistoryPage page) {
        if (c.pending.get(session) != pending) {
            return RecoveryOutcome.failed(SubscribeOutcome.CONNECTION_CLOSED.error()); // it left meanwhile
        }
        if (pending.overflowed) {
            c.pending.remove(session);
            index.unsubscribe(session, channel);
            return RecoveryOutcome.failed("more than " + maxHeld
                    + " live publications arrived while recovering (history.maxHeld)");
        }
        if (c.epoch == null) {
            c.epoch = page.top().epoch(); // the first subscriber with offsets tells the node where the channel is
            c.last = page.top().offset();
        }
        Envelope envelope = envelopes.of(channel, session);
        boolean recovered = since != null && page.recovered();
        String epoch = page.top().epoch();
        long upTo = page.top().offset();
        List<OutboundMessage> out = new ArrayList<>();
        int missed = 0;
        if (recovered) {
            upTo = since.offset();
            for (Publication p : page.publications()) {
                out.add(message(channel, envelope, p, epoch));
                upTo = p.offset();
                missed++;
            }
        }
        for (MeshChannel.Item item : pending.buffer) {
            if (item.isNotice()) {
                if (!(item.epoch().equals(epoch) && item.offset() <= upTo)) {
                    byte[] notice = notices.fill(channel, session, item.offset(), item.epoch());
                    if (notice != null) {
                        out.add(new OutboundMessage(notice, MessageType.TEXT));
                    }
                    epoch = item.epoch();
                    upTo = item.offset();
                }
            } else if (item.epoch().equals(epoch) && item.offset() == upTo + 1) {
                out.add(message(channel, envelope, item.publication(), epoch));
                upTo = item.offset();
                missed++;
            }
        }
        int queued;
        try {
            queued = out.isEmpty() ? 0 : session.transport().writeMany(out);
        } finally {
            out.forEach(OutboundMessage::release);
        }
        if (queued < out.size()) {
            c.pending.remove(session);
            index.unsubscribe(session, channel);
            return RecoveryOutcome.failed("connection closed or over its outbound limit: missed publications not written");
        }
        if (epoch.equals(c.epoch) && c.last >= upTo) {
            c.pending.remove(session); // the node is where the subscriber is: ordinary from now on
        } else {
            pending.reading = false; // the node is behind: skip what the subscriber already has
            pending.upTo = upTo;
            pending.epoch = epoch;
            pending.buffer.clear();
            sequencer.catchUp(channel, c);
        }
        return new RecoveryOutcome(null, recovered, missed, page.top());
    }

    private static OutboundMessage message(String channel, Envelope envelope, Publication p, String epoch) {
        byte[] bytes = envelope == null ? p.data() : envelope.fill(channel, p.offset(), epoch, p.data());
        return new OutboundMessage(bytes, p.type());
    }
}
