package io.mixgate.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who may use the back-office API ({@code access:} in the YAML), CONNMIX's {@code access.users}.
 * Hot: a changed file applies without a restart.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param unauthenticated who gets in without credentials while {@code users} is empty:
 *                        {@code loopback} (the default: 127.0.0.0/8 and ::1 only) or {@code all}
 *                        (everyone; only behind a firewall or a proxy that checks credentials).
 *                        Ignored once there are users: every route but {@code /health} and
 *                        {@code /version} then needs credentials, from loopback too
 * @param users           the API's users, names distinct; unmodifiable, default none
 */
public record AccessConfig(String unauthenticated, List<AccessUserConfig> users) {

    /** The values of {@code unauthenticated}. */
    public static final List<String> UNAUTHENTICATED = List.of("loopback", "all");

    /** Validates the mode (any case, stored in lower case) and that no two users share a name. */
    public AccessConfig {
        String lower = unauthenticated == null ? null : unauthenticated.toLowerCase(Locale.ROOT);
        if (!UNAUTHENTICATED.contains(lower)) {
            throw new InvalidValueException("unauthenticated", Require.show(unauthenticated), "loopback or all");
        }
        unauthenticated = lower;
        Require.present("users", users, "a list");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            AccessUserConfig user = users.get(i);
            if (user == null) {
                throw new InvalidValueException("users[" + i + "]", "null",
                        "a mapping with keys " + String.join(", ", ConfigSchema.keysOf(AccessUserConfig.class)));
            }
            Integer first = seen.putIfAbsent(user.username(), i);
            if (first != null) {
                throw new InvalidValueException("users[" + i + "].username", Require.show(user.username()),
                        "a username not already used by users[" + first + "]");
            }
        }
        users = List.copyOf(users);
    }

    /** The defaults: no users, loopback clients only. */
    public static AccessConfig defaults() {
        return new AccessConfig("loopback", List.of());
    }
}
