package io.mixgate.pubsub;

import io.mixgate.config.HistoryConfig;
import io.mixgate.core.ChannelNames;
import io.mixgate.core.MessageType;
import io.mixgate.core.Publication;
import io.mixgate.core.PublishResult;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.OutboundMessage;
import io.mixgate.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel history for a node of a Redis mesh. Offsets, epochs and publications live in Redis
 * (numbered by the publish itself, {@link io.mixgate.broker.RedisHistoryStore}); this node
 * delivers each publication with the offset and epoch it arrived with, and makes sure its
 * subscribers see every one, in order, or an explicit gap notice:
 * <ul>
 * <li><b>On the wire</b> ({@link #deliver}): offset N+1 after N is delivered; a duplicate is
 * dropped; a jump (N+2 after N: a message the node did not receive) or another epoch holds the
 * publication and starts a <em>catch-up</em>: read Redis after N, deliver what it holds, then
 * what was held. If Redis no longer holds them (or the epoch changed) each subscriber that asked
 * for a gap notice gets one, and delivery continues from Redis's top.</li>
 * <li><b>After a SUBSCRIBE is acknowledged</b> ({@link #subscribed}: first time, or again after the
 * Redis link came back), every such channel catches up from the last offset it delivered: the
 * subscribe-ack gap and the link's outage close the same way.</li>
 * <li><b>A recovering subscribe</b> ({@code since}) subscribes at once but holds the live
 * publications for that subscriber while it reads Redis after {@code since}, then writes the
 * missed ones and the held ones, de-duplicated by offset, before any later live one.</li>
 * </ul>
 * Held publications are bounded by {@code history.maxHeld} per channel and per recovering
 * subscriber: past it the channel drops what it held and reads it again from Redis (Redis is the
 * truth; the hold only saves a read), and a recovering subscribe fails with an error (not
 * subscribed). Redis reads are bounded by {@code redis.commandTimeout}.
 *
 * <p>Thread-safe. Lock order: a channel's lock, then a session's monitor. Reads never run under
 * a lock; the inbound dispatcher never waits on Redis.
 */
public final class MeshHistory implements ChannelHistory, PresenceListener {
    private static final Logger log = LoggerFactory.getLogger(MeshHistory.class);
    private static final long RETRY_MILLIS = 500;

    private final HistoryRules rules;
    private final SubscriptionIndex index;
    private final EnvelopeIndex envelopes;
    private final HistoryStore store;
    private final FrameFanout fanout;
    private final Consumer<PublishResult> counted;
    private final ScheduledExecutorService timer;
    private final int maxHeld;
    private final Duration timeout;
    private final ConcurrentHashMap<String, MeshChannel> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<Session, Envelope>> gapNotices = new ConcurrentHashMap<>();
    private final LongAdder envelopeFills = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder recovered = new LongAdder();
    private final LongAdder notRecovered = new LongAdder();
    private final LongAdder gapsFilled = new LongAdder();
    private final LongAdder gapsUnrecoverable = new LongAdder();

    /**
     * @param counted hears what each delivery did (the node's delivery counters)
     * @param timer   schedules a catch-up again after a failed read; never blocked
     * @param timeout the longest a subscribe or {@code mix.history} waits for Redis
     */
    public MeshHistory(HistoryConfig config, SubscriptionIndex index, HistoryStore store, FrameFanout fanout,
                       Consumer<PublishResult> counted, ScheduledExecutorService timer, Duration timeout) {
        this.rules = new HistoryRules(config.rules());
        this.index = index;
        this.envelopes = new EnvelopeIndex(config.maxEnvelopes());
        this.store = store;
        this.fanout = fanout;
        this.counted = counted;
        this.timer = timer;
        this.maxHeld = config.maxHeld();
        this.timeout = timeout;
        if (!rules.isEmpty()) {
            index.setEnvelopeListener(this);
        }
    }

    /** The rules this history follows, for the broker's publish. */
    public HistoryRules rules() {
        return rules;
    }

    @Override
    public boolean covers(String channel) {
        return !rules.isEmpty() && rules.match(channel) != null;
    }

    // ---- live publications from the wire ----------------------------------------------------

    /**
     * Delivers one publication received from Redis with its offset and epoch, or holds it while
     * the channel catches up.
     *
     * @param data owned by this history from now on (kept while held)
     */
    public PublishResult deliver(String channel, byte[] data, MessageType type, long offset, String epoch) {
        if (!index.hasSubscribers(channel)) {
            return PublishResult.NONE;
        }
        Publication p = new Publication(offset, data, type);
        while (true) {
            MeshChannel c = channels.computeIfAbsent(channel, k -> new MeshChannel());
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

    /** Redis acknowledged the node's SUBSCRIBE to {@code names}: read what each history channel missed meanwhile. */
    public void subscribed(List<String> names) {
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

    private void hold(MeshChannel c, MeshChannel.Item item) {
        if (c.held.size() >= maxHeld) {
            c.held.clear(); // Redis has them: the next catch-up reads them again
            c.again = true;
        }
        c.held.put(item.offset(), item);
    }

    /** Under the channel's lock: reads Redis after the last delivered offset, unless a read is in flight. */
    private void catchUp(String channel, MeshChannel c) {
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
        reads.increment();
        StreamPosition since = new StreamPosition(c.last, c.epoch);
        store.read(channel, rule, since, rule.size()).whenComplete((page, failure) ->
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
                    gapsFilled.increment();
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
                    toPending(channel, c, s, pending, new MeshChannel.Item(p.offset(), epoch, p));
                }
            }
        }
        PublishResult result = EnvelopeFanout.write(channel, epoch, p, live, envelopes, fanout, envelopeFills);
        if (result.delivered() + result.failed() > 0) {
            counted.accept(result);
        }
        return result;
    }

    /** Under the lock: a gap notice to every subscriber that asked for one. */
    private void notice(String channel, MeshChannel c, long offset, String epoch) {
        gapsUnrecoverable.increment();
        MeshChannel.Item item = new MeshChannel.Item(offset, epoch, null);
        for (Session s : index.subscribers(channel)) {
            MeshChannel.Pending pending = c.pending.get(s);
            if (pending != null) {
                toPending(channel, c, s, pending, item);
            } else {
                writeNotice(channel, s, item);
            }
        }
    }

    private void toPending(String channel, MeshChannel c, Session s, MeshChannel.Pending pending, MeshChannel.Item item) {
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
            writeNotice(channel, s, item);
        } else if (!item.epoch().equals(pending.epoch) || item.offset() > pending.upTo) {
            c.pending.remove(s); // the node has caught up with what this subscriber read
            writeOne(channel, s, item);
        }
    }

    private void writeOne(String channel, Session s, MeshChannel.Item item) {
        Envelope e = envelopes.of(channel, s);
        Publication p = item.publication();
        byte[] bytes = e == null ? p.data() : e.fill(channel, p.offset(), item.epoch(), p.data());
        counted.accept(EnvelopeFanout.write(bytes, p.type(), List.of(s), fanout));
    }

    private void writeNotice(String channel, Session s, MeshChannel.Item item) {
        Map<Session, Envelope> notices = gapNotices.get(channel);
        Envelope e = notices == null ? null : notices.get(s);
        if (e != null) {
            EnvelopeFanout.write(e.fill(channel, item.offset(), item.epoch(), new byte[0]), MessageType.TEXT,
                    List.of(s), fanout);
        }
    }

    // ---- subscribe and read ------------------------------------------------------------------

    @Override
    public RecoveryOutcome subscribe(Session session, String channel, int maxSubscriptions, StreamPosition since,
                                     Envelope envelope) {
        return subscribe(session, channel, maxSubscriptions, since, envelope, null);
    }

    @Override
    public RecoveryOutcome subscribe(Session session, String channel, int maxSubscriptions, StreamPosition since,
                                     Envelope envelope, Envelope gap) {
        HistoryRules.Rule rule = rules.isEmpty() ? null : rules.match(channel);
        if (rule == null) {
            SubscribeOutcome outcome = index.subscribe(session, channel, maxSubscriptions);
            return outcome.error() != null ? RecoveryOutcome.failed(outcome.error())
                    : new RecoveryOutcome(null, false, 0, null);
        }
        if (!ChannelNames.isValid(channel)) {
            return RecoveryOutcome.failed(SubscribeOutcome.INVALID_CHANNEL.error());
        }
        MeshChannel c;
        MeshChannel.Pending pending = new MeshChannel.Pending();
        while (true) {
            c = channels.computeIfAbsent(channel, k -> new MeshChannel());
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
                    gapNotices.computeIfAbsent(channel, k -> new ConcurrentHashMap<>()).put(session, gap);
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
            page = readNow(channel, rule, since, since == null ? 0 : rule.size());
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
            RecoveryOutcome outcome = finishSubscribe(session, channel, c, pending, since, page);
            if (since != null && outcome.error() == null) {
                (outcome.recovered() ? recovered : notRecovered).increment();
            }
            return outcome;
        }
    }

    /** Under the lock, after the subscriber's read: missed, then held, then it is an ordinary subscriber. */
    private RecoveryOutcome finishSubscribe(Session session, String channel, MeshChannel c,
                                            MeshChannel.Pending pending, StreamPosition since, HistoryPage page) {
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
                    Map<Session, Envelope> notices = gapNotices.get(channel);
                    Envelope g = notices == null ? null : notices.get(session);
                    if (g != null) {
                        out.add(new OutboundMessage(g.fill(channel, item.offset(), item.epoch(), new byte[0]),
                                MessageType.TEXT));
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
            catchUp(channel, c);
        }
        return new RecoveryOutcome(null, recovered, missed, page.top());
    }

    private static OutboundMessage message(String channel, Envelope envelope, Publication p, String epoch) {
        byte[] bytes = envelope == null ? p.data() : envelope.fill(channel, p.offset(), epoch, p.data());
        return new OutboundMessage(bytes, p.type());
    }

    @Override
    public HistoryPage read(String channel, StreamPosition since, int limit) {
        HistoryRules.Rule rule = rules.isEmpty() ? null : rules.match(channel);
        if (rule == null) {
            return null;
        }
        return readNow(channel, rule, since, limit);
    }

    private HistoryPage readNow(String channel, HistoryRules.Rule rule, StreamPosition since, int limit) {
        reads.increment();
        try {
            return store.read(channel, rule, since, Math.min(limit, rule.size())).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HistoryUnavailableException("history of " + channel + " unavailable: redis did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HistoryUnavailableException("history of " + channel + " unavailable: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryUnavailableException("history of " + channel + " unavailable: interrupted");
        }
    }

    // ---- subscribers leaving -------------------------------------------------------------------

    @Override
    public void joined(Session session, String channel) {
    }

    @Override
    public void left(Session session, String channel) {
        envelopes.remove(channel, session);
        gapNotices.computeIfPresent(channel, (k, m) -> {
            m.remove(session);
            return m.isEmpty() ? null : m;
        });
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

    // ---- figures ------------------------------------------------------------------------------

    /** Redis reads of history since start (recovering subscribes, catch-ups, mix.history, mix.current). */
    public long reads() {
        return reads.sum();
    }

    /** Subscribes with {@code since} that got every missed publication. */
    public long recovered() {
        return recovered.sum();
    }

    /** Subscribes with {@code since} answered recovered=false (history gone, or another epoch). */
    public long notRecovered() {
        return notRecovered.sum();
    }

    /** Catch-ups that delivered publications the node had missed (subscribe-ack gap, outage, a lost message). */
    public long gapsFilled() {
        return gapsFilled.sum();
    }

    /** Catch-ups that found the missed publications gone: subscribers got a gap notice. */
    public long gapsUnrecoverable() {
        return gapsUnrecoverable.sum();
    }

    /** Envelopes filled since start. */
    public long envelopeFills() {
        return envelopeFills.sum();
    }
}
