package io.mixgate.pubsub;

import io.mixgate.config.HistoryConfig;
import io.mixgate.core.ChannelNames;
import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.core.StreamPosition;
import io.mixgate.session.FrameFanout;
import io.mixgate.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

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
 * The work is split by job: {@link MeshSequencer} (order on the wire, catch-ups),
 * {@link RecoveringSubscribe} (subscribes with offsets), {@link GapNotices}, {@link HistoryReads}.
 *
 * <p>Thread-safe. Lock order: a channel's lock, then a session's monitor. Reads never run under
 * a lock; the inbound dispatcher never waits on Redis.
 */
public final class MeshHistory implements ChannelHistory, PresenceListener {
    private final HistoryRules rules;
    private final SubscriptionIndex index;
    private final EnvelopeIndex envelopes;
    private final GapNotices notices = new GapNotices();
    private final MeshHistoryFigures figures = new MeshHistoryFigures();
    private final HistoryReads reads;
    private final MeshSequencer sequencer;
    private final RecoveringSubscribe recovering;

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
        this.reads = new HistoryReads(store, timeout, figures.reads);
        this.sequencer = new MeshSequencer(rules, index, envelopes, reads, notices, fanout, counted, timer,
                config.maxHeld(), figures);
        this.recovering = new RecoveringSubscribe(index, envelopes, notices, reads, sequencer, config.maxHeld(), figures);
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

    /**
     * Delivers one publication received from Redis with its offset and epoch, or holds it while
     * the channel catches up.
     *
     * @param data owned by this history from now on (kept while held)
     */
    public PublishResult deliver(String channel, byte[] data, MessageType type, long offset, String epoch) {
        return sequencer.deliver(channel, data, type, offset, epoch);
    }

    /** Redis acknowledged the node's SUBSCRIBE to {@code names}: read what each history channel missed meanwhile. */
    public void subscribed(List<String> names) {
        sequencer.subscribed(names);
    }

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
        return recovering.subscribe(session, channel, rule, maxSubscriptions, since, envelope, gap);
    }

    @Override
    public HistoryPage read(String channel, StreamPosition since, int limit) {
        HistoryRules.Rule rule = rules.isEmpty() ? null : rules.match(channel);
        if (rule == null) {
            return null;
        }
        return reads.now(channel, rule, since, limit);
    }

    @Override
    public void joined(Session session, String channel) {
    }

    @Override
    public void left(Session session, String channel) {
        envelopes.remove(channel, session);
        notices.remove(channel, session);
        sequencer.left(session, channel);
    }

    /** Redis reads of history since start (recovering subscribes, catch-ups, mix.history, mix.current). */
    public long reads() {
        return figures.reads.sum();
    }

    /** Subscribes with {@code since} that got every missed publication. */
    public long recovered() {
        return figures.recovered.sum();
    }

    /** Subscribes with {@code since} answered recovered=false (history gone, or another epoch). */
    public long notRecovered() {
        return figures.notRecovered.sum();
    }

    /** Catch-ups that delivered publications the node had missed (subscribe-ack gap, outage, a lost message). */
    public long gapsFilled() {
        return figures.gapsFilled.sum();
    }

    /** Catch-ups that found the missed publications gone: subscribers got a gap notice. */
    public long gapsUnrecoverable() {
        return figures.gapsUnrecoverable.sum();
    }

    /** Envelopes filled since start. */
    public long envelopeFills() {
        return figures.envelopeFills.sum();
    }
}
