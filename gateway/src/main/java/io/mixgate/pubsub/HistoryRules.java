package io.mixgate.pubsub;

import io.mixgate.config.HistoryRuleConfig;
import java.util.List;

/**
 * The compiled {@code history.rules}: which channels keep history, first match wins. Matching
 * allocates nothing and, with no rules, costs one array-length check, so channels without history
 * pay (almost) nothing on the publish path.
 *
 * <p>Immutable and thread-safe.
 */
public final class HistoryRules {
    /** One rule: a glob and what a matching channel keeps. */
    public record Rule(String glob, int size, long ttlMillis) {
    }

    private final Rule[] rules;

    public HistoryRules(List<HistoryRuleConfig> configs) {
        rules = new Rule[configs.size()];
        for (int i = 0; i < rules.length; i++) {
            HistoryRuleConfig c = configs.get(i);
            rules[i] = new Rule(c.match(), c.size(), Math.max(1, c.ttl().toMillis()));
        }
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** The first rule matching {@code channel}, or null: the channel has no history. */
    public Rule match(String channel) {
        for (Rule rule : rules) {
            if (globMatches(rule.glob, channel)) {
                return rule;
            }
        }
        return null;
    }

    /** {@code *} any run of characters, {@code ?} one character; iterative, no allocation. */
    static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int starG = -1;
        int starT = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || (glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starG = g++;
                starT = t;
            } else if (starG >= 0) {
                g = starG + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
