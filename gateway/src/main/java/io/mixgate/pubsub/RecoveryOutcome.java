package io.mixgate.pubsub;

import io.mixgate.core.StreamPosition;

/**
 * The result of {@link ChannelHistory#subscribe}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param error     null on success (subscribed, or already subscribed), otherwise what went wrong:
 *                  the connection is then not subscribed
 * @param recovered true when every publication after the position asked for was written to the
 *                  connection before any live one; false when none was asked for, the channel has
 *                  no history, the history no longer holds them, the epoch differs, or the
 *                  connection was already subscribed (then nothing was written: reload a snapshot)
 * @param missed    publications written to the connection before the live ones
 * @param top       the channel's latest offset and epoch when the subscription began, or null when
 *                  the channel has no history
 */
public record RecoveryOutcome(String error, boolean recovered, int missed, StreamPosition top) {

    static RecoveryOutcome failed(String error) {
        return new RecoveryOutcome(error, false, 0, null);
    }
}
