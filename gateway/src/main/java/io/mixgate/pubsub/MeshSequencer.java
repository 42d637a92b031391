package io.mixgate.pubsub;

import io.mixgate.core.MessageType;
import io.mixgate.core.Publication;
import io.mixgate.core.PublishResult;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a mesh node's subscribers of each history channel in offset order: delivers offset N+1
 * after N, drops a duplicate, and on a jump (a publication the node did not receive), another
 * epoch, or a SUBSCRIBE acknowledgement holds the live publications and <em>catches up</em>:
 * reads Redis after the last delivered offset, delivers what it holds, then what was held. When
 * Redis no longer holds them, every subscriber that asked for one gets a gap notice and delivery
 * goes on from Redis's top. At most {@code history.maxHeld} publications are held per channel:
 * past it they are dropped and read again (Redis is the truth; holding only saves a read).
 * Subscribers recovering with {@code since} ({@link RecoveringSubscribe}) get each publication
 * their way until they have caught up with the channel.
 *
 * <p>Thread-safe. Lock order: a channel's lock ({@link MeshChannel}), then a session's monitor.
 * Redis reads never run under a lock; a failed read is tried again on the timer.
 */
final class MeshSequencer {
    private static final Logger log = LoggerFactory.getLogger(MeshSequencer.class);
    private static final long RETRY_MILLIS = 500;

    private final HistoryRules rules;
    private final SubscriptionIndex index;
    private final EnvelopeIndex envelopes;
    private final HistoryReads reads;
    private final GapNotices notices;
    private final FrameFanout fanout;
    private final Consumer<PublishResult> counted;
    private final ScheduledExecutorService timer;
    private final int maxHeld;
    private final MeshHistoryFigures figures;
    private final PendingDelivery pendings;
    private final ConcurrentHashMap<String, MeshChannel> channels = new ConcurrentHashMap<>();

    MeshSequencer(HistoryRules rules, SubscriptionIndex index, EnvelopeIndex envelopes, HistoryReads reads,
                  GapNotices notices, FrameFanout fanout, Consumer<PublishResult> counted,
                  ScheduledExecutorService timer, int maxHeld, MeshHistoryFigures figures) {
        this.rules = rules;
        this.index = index;
        this.envelopes = envelopes;
        this.reads = reads;
        this.notices = notices;
        this.fanout = fanout;
        this.counted = counted;
        this.timer = timer;
        this.maxHeld = maxHeld;
        this.figures = figures;
        this.pendings = new PendingDelivery(envelopes, notices, fanout, counted, maxHeld);
    }

    /** The channel's state, made when missing; the caller locks it and looks again if it finds it removed. */
    MeshChannel channel(String channel) {
        return channels.computeIfAbsent(channel, k -> new MeshChannel());
    }

    /** See {@link MeshHistory#deliver}. */
    PublishResult deliver(String channel, byte[] data, MessageType type, long offset, String epoch) {
        if (!index.hasSubscribers(channel)) {
            return PublishResult.NONE;
        }
        Publication p = new Publication(offset, data, type);
        while (true) {
            MeshChannel c = channel(channel);
            synchronized (c) {
                if (c.removed) {
                    continue;
                }
                if (c.epoch == null && !c.reading) {
                    // no subscriber with offsets told the node where the channel is: start here
                    c.epoch = epoch;
                    c.last = offset - 1;
                }
                if (c.reading || c.epoch == null) {
                    hold(c, new MeshChannel.Item(offset, epoch, p));
                    return PublishResult.NONE;
                }
                if (!epoch.equals(c.epoch) || offset > c.last + 1) {
                    hold(c, new MeshChannel.Item(offset, epoch, p));
                    catchUp(channel, c);
                    return PublishResult.NONE;
                }
                if (offset <= c.last) {
                    return PublishResult.NONE; // already delivered (read from Redis first)
                }
                return emit(channel, c, p, epoch);
            }
        }
    }

    /** See {@link MeshHistory#subscribed}. */
    void subscribed(List<String> names) {
        for (String channel : names) {
            MeshChannel c = channels.get(channel);
            if (c != null) {
                synchronized (c) {
                    if (!c.removed && c.epoch != null) {
                        catchUp(channel, c);
                    }
                }
            }
        }
    }

    /** {@code session} left {@code channel}; the channel's state goes with its last local subscriber. */
    void left(Session session, String channel) {
        MeshChannel c = channels.get(channel);
        if (c != null) {
            synchronized (c) {
                c.pending.remove(session);
                if (!index.hasSubscribers(channel) && !c.removed) {
                    c.removed = true;
                    channels.remove(channel, c);
                }
            }
        }
    }

    private void hold(MeshChannel c, MeshChannel.Item item) {
        if (c.held.size() >= maxHeld) {
            c.held.clear(); // Redis has them: the next catch-up reads them again
            c.again = true;
        }
        c.held.put(item.offset(), item);
    }

    /** Under the channel's lock: reads Redis after the last delivered offset, unless a read is in flight. */
    void catchUp(String channel, MeshChannel c) {
        if (c.reading) {
            c.again = true;
            return;
        }
        HistoryRules.Rule rule = rules.match(channel);
        if (rule == null || c.epoch == null) {
            return;
        }
        c.reading = true;
        c.again = false;
        StreamPosition since = new StreamPosition(c.last, c.epoch);
        reads.start(channel, rule, since, rule.size()).whenComplete((page, failure) ->
                Thread.ofVirtual().name("history-catch-up").start(() -> caughtUp(channel, c, since, page, failure)));
    }

    private void caughtUp(String channel, MeshChannel c, StreamPosition since, HistoryPage page, Throwable failure) {
        synchronized (c) {
            c.reading = false;
            if (c.removed) {
                return;
            }
            if (failure != null) {
                log.debug("reading the history of {} failed, trying again in {} ms: {}", channel, RETRY_MILLIS,
                        failure.toString());
                retryLater(channel, c);
                return;
            }
            if (c.last != since.offset() || !since.epoch().equals(c.epoch)) {
                c.again = true; // a subscriber's read moved the channel meanwhile
            } else if (page.recovered()) {
                boolean filled = false;
                for (Publication p : page.publications()) {
                    if (p.offset() == c.last + 1) {
                        emit(channel, c, p, c.epoch);
                        filled = true;
                    }
                }
                if (filled) {
                    figures.gapsFilled.increment();
                }
            } else {
                c.epoch = page.top().epoch();
                c.last = page.top().offset();
                notice(channel, c, c.last, c.epoch);
            }
            drainHeld(channel, c, page.recovered());
            if (c.again) {
                catchUp(channel, c);
            }
        }
    }

    private void retryLater(String channel, MeshChannel c) {
        timer.schedule(() -> {
            synchronized (c) {
                if (!c.removed && c.epoch != null && (!c.held.isEmpty() || c.again)) {
                    c.again = false;
                    catchUp(channel, c);
                }
            }
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Under the lock: delivers the held publications that follow on, drops the stale ones, stops at a hole. */
    private void drainHeld(String channel, MeshChannel c, boolean sameEpochAsRead) {
        Iterator<MeshChannel.Item> it = c.held.values().iterator();
        while (it.hasNext()) {
            MeshChannel.Item item = it.next();
            if (!item.epoch().equals(c.epoch)) {
                if (sameEpochAsRead) {
                    c.again = true; // a newer epoch than the read saw: read again
                    return;
                }
                it.remove(); // published before the epoch the read found: gone with it
                continue;
            }
            if (item.offset() <= c.last) {
                it.remove();
            } else if (item.offset() == c.last + 1) {
                it.remove();
                emit(channel, c, item.publication(), item.epoch());
            } else {
                c.again = true;
                return;
            }
        }
    }

    /** Under the lock: the next publication, to every subscriber (recovering ones get it their way). */
    private PublishResult emit(String channel, MeshChannel c, Publication p, String epoch) {
        c.last = p.offset();
        Set<Session> subscribers = index.subscribers(channel);
        Collection<Session> live = subscribers;
        if (!c.pending.isEmpty()) {
            live = new ArrayList<>(subscribers.size());
            for (Session s : subscribers) {
                MeshChannel.Pending pending = c.pending.get(s);
                if (pending == null) {
                    live.add(s);
                } else {
                    pendings.offer(channel, c, s, pending, new MeshChannel.Item(p.offset(), epoch, p));
                }
            }
        }
        PublishResult result = EnvelopeFanout.write(channel, epoch, p, live, envelopes, fanout, figures.envelopeFills);
        if (result.delivered() + result.failed() > 0) {
            counted.accept(result);
        }
        return result;
    }

    /** Under the lock: a gap notice to every subscriber that asked for one. */
    private void notice(String channel, MeshChannel c, long offset, String epoch) {
        figures.gapsUnrecoverable.increment();
        MeshChannel.Item item = new MeshChannel.Item(offset, epoch, null);
        for (Session s : index.subscribers(channel)) {
            MeshChannel.Pending pending = c.pending.get(s);
            if (pending != null) {
                pendings.offer(channel, c, s, pending, item);
            } else {
                notices.write(channel, s, offset, epoch, fanout);
            }
        }
    }
}
