package io.mixgate.config;

import java.time.Duration;
import java.util.List;

/**
 * Channel history ({@code history:} in the YAML): which channels keep their last publications
 * with offsets, and the node-wide bounds. Channels that match no rule keep nothing and take the
 * plain delivery path. Not hot: a change needs a restart.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param rules           first match wins; empty (the default) = no channel has history
 * @param maxChannels     channels with history this node keeps at once, {@code 1..1000000},
 *                        default 1000; one more evicts the least recently used one (its history
 *                        is lost and its epoch changes)
 * @param maxSize         most publications a rule may keep per channel, {@code 1..1000000},
 *                        default 10000
 * @param maxTtl          longest {@code ttl} a rule may give, {@code 1ms..24h}, default 1h
 * @param maxChannelBytes most payload bytes kept per channel, {@code 1..1073741824}, default
 *                        262144; the oldest publications are dropped first
 * @param maxEnvelopes    distinct envelopes subscribers may ask for on one channel,
 *                        {@code 1..1000}, default 8; one more is refused at subscribe
 * @param maxEnvelopeBytes longest envelope template, {@code 1..65536}, default 1024
 * @param maxHeld         mesh only: live publications of one channel a node holds while it reads
 *                        the history it missed (a catch-up, or one recovering subscriber),
 *                        {@code 1..1000000}, default 10000; past it the node drops what it held and
 *                        reads it again from Redis (a recovering subscribe fails instead)
 * @param metaTtl         mesh only: how long a channel's offset and epoch outlive its last publish
 *                        in Redis, {@code 1s..30d}, default 24h; never shorter than the rule's ttl
 */
public record HistoryConfig(List<HistoryRuleConfig> rules, int maxChannels, int maxSize, Duration maxTtl,
                            int maxChannelBytes, int maxEnvelopes, int maxEnvelopeBytes, int maxHeld,
                            Duration metaTtl) {

    /** Validates every value, and every rule against the bounds. */
    public HistoryConfig {
        Require.present("rules", rules, "a list");
        rules = List.copyOf(rules);
        Require.range("maxChannels", maxChannels, 1, 1_000_000);
        Require.range("maxSize", maxSize, 1, 1_000_000);
        Require.durationRange("maxTtl", maxTtl, Duration.ofMillis(1), Duration.ofHours(24));
        Require.range("maxChannelBytes", maxChannelBytes, 1, 1 << 30);
        Require.range("maxEnvelopes", maxEnvelopes, 1, 1000);
        Require.range("maxEnvelopeBytes", maxEnvelopeBytes, 1, 65_536);
        Require.range("maxHeld", maxHeld, 1, 1_000_000);
        Require.durationRange("metaTtl", metaTtl, Duration.ofSeconds(1), Duration.ofDays(30));
        for (int i = 0; i < rules.size(); i++) {
            HistoryRuleConfig rule = rules.get(i);
            if (rule == null) {
                throw new InvalidValueException("rules[" + i + "]", "null", "a mapping with match, size, ttl");
            }
            if (rule.size() > maxSize) {
                throw new InvalidValueException("rules[" + i + "].size", Integer.toString(rule.size()),
                        "1.." + maxSize + " (history.maxSize)");
            }
            if (rule.ttl().compareTo(maxTtl) > 0) {
                throw new InvalidValueException("rules[" + i + "].ttl", GoDuration.format(rule.ttl()),
                        "1ms.." + GoDuration.format(maxTtl) + " (history.maxTtl)");
            }
        }
    }

    /** The defaults: no rules (no channel has history); 1000 channels, 10000 per channel, 1h, 256 KiB. */
    public static HistoryConfig defaults() {
        return new HistoryConfig(List.of(), 1000, 10_000, Duration.ofHours(1), 262_144, 8, 1024, 10_000,
                Duration.ofHours(24));
    }
}
