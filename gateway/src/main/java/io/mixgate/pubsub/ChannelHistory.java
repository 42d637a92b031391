package io.mixgate.pubsub;

import io.mixgate.core.StreamPosition;
import io.mixgate.session.Session;

/**
 * Channel history as the Lua bindings see it: subscribe with recovery, read, and the current
 * value. The single node's implementation is {@link MemoryHistory}, which also numbers and stores
 * every publication on {@link Delivery}'s path. A mesh implementation keeps the same contract with
 * the offsets assigned and the publications stored in Redis by the publish itself (one script
 * that appends and publishes), and closes the subscribe-ack gap by reading the history after
 * the node's SUBSCRIBE is acknowledged.
 *
 * <p>Thread-safe; calls may block briefly on one channel's lock (never on I/O in the single node).
 */
public interface ChannelHistory {

    /** Whether {@code channel} matches a {@code history.rules} entry. */
    boolean covers(String channel);

    /**
     * Subscribes {@code session} to {@code channel} and, when {@code since} is given, writes every
     * publication after it to the connection before any live one, with no gap and no duplicate at
     * the seam. On a channel without history this is a plain subscribe (recovered false, no
     * envelope).
     *
     * @param since    the last position the client saw, or null
     * @param envelope how this subscriber's publications are wrapped (live and recovered), or null
     *                 for the bytes as published
     */
    RecoveryOutcome subscribe(Session session, String channel, int maxSubscriptions, StreamPosition since,
                              Envelope envelope);

    /**
     * As above, and {@code gap}: the notice this subscriber gets when the node cannot give it
     * every publication (a mesh node whose catch-up from Redis found them gone, or the epoch
     * changed), filled with the offset and epoch delivery continues after ({@code ${data}} is
     * empty). A single node never loses publications between numbering and delivery, so it
     * never sends one.
     *
     * @param gap null for no notice
     */
    default RecoveryOutcome subscribe(Session session, String channel, int maxSubscriptions, StreamPosition since,
                                      Envelope envelope, Envelope gap) {
        return subscribe(session, channel, maxSubscriptions, since, envelope);
    }

    /**
     * The publications after {@code since} (up to {@code limit}), or the latest {@code limit} ones
     * when {@code since} is null; {@code limit} 1 with no {@code since} is the current value.
     *
     * @return null when the channel has no history
     * @throws HistoryUnavailableException when the history could not be read (a mesh's Redis is
     *         down or did not answer in time)
     */
    HistoryPage read(String channel, StreamPosition since, int limit);
}
