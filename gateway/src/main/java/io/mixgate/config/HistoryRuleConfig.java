package io.mixgate.config;

import java.time.Duration;

/**
 * One rule of {@code history.rules}: channels whose name matches {@code match} keep their last
 * publications, with an offset each, so that a client can recover what it missed.
 *
 * <p>Immutable and safe to share between threads. The bounds against {@code history.maxSize} and
 * {@code history.maxTtl} are checked by {@link HistoryConfig}.
 *
 * @param match a glob on channel names: {@code *} matches any run of characters (including none),
 *              {@code ?} one character, everything else itself; a prefix is written {@code ex:*}
 * @param size  publications kept per channel, default 100
 * @param ttl   how long a publication is kept, default 60s
 */
public record HistoryRuleConfig(String match, Integer size, Duration ttl) {

    /** Validates the pattern; fills the defaults of {@code size} and {@code ttl}. */
    public HistoryRuleConfig {
        Require.nonBlank("match", match);
        if (match.length() > 512) {
            throw new InvalidValueException("match", Require.show(match), "a glob of at most 512 characters");
        }
        size = size == null ? 100 : size;
        ttl = ttl == null ? Duration.ofSeconds(60) : ttl;
        Require.atLeast("size", size, 1);
        Require.positive("ttl", ttl);
    }
}
