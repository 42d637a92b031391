package io.mixgate.config;

/**
 * Presence events over {@code /ws/v1} ({@code presence:} in the YAML): the bounds of
 * {@code presence.subscribe}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param maxFollowsPerConnection channels one {@code /ws/v1} connection may follow at once; one more is
 *                                refused with code 101, {@code 1..10000}, default 64
 * @param maxChannels             channels this node's {@code /ws/v1} connections may follow in all; one
 *                                more is refused with code 101, {@code 1..1000000}, default 1024
 * @param maxBufferedEvents       events one follow may have waiting to be written to its connection;
 *                                one more drops the follow (the connection gets a
 *                                {@code presence.dropped} event), {@code 1..1000000}, default 1000
 */
public record PresenceConfig(int maxFollowsPerConnection, int maxChannels, int maxBufferedEvents) {

    /** Validates every value. */
    public PresenceConfig {
        Require.range("maxFollowsPerConnection", maxFollowsPerConnection, 1, 10_000);
        Require.range("maxChannels", maxChannels, 1, 1_000_000);
        Require.range("maxBufferedEvents", maxBufferedEvents, 1, 1_000_000);
    }

    /** The defaults: 64 follows per connection, 1024 channels per node, 1000 events buffered per follow. */
    public static PresenceConfig defaults() {
        return new PresenceConfig(64, 1024, 1000);
    }
}
