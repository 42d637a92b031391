package io.mixgate;

import io.mixgate.api.ApiAccess;
import io.mixgate.api.access.AccessPolicy;
import io.mixgate.api.access.ApiUser;
import io.mixgate.api.access.HostPattern;
import io.mixgate.api.access.Password;
import io.mixgate.api.access.Unauthenticated;
import io.mixgate.config.AccessConfig;
import io.mixgate.config.AccessUserConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code access:} into the API's {@link AccessPolicy}, at start and on every hot change,
 * and says in the log what is in force.
 *
 * <p>Thread-safe: {@link #apply} swaps the policy's user list atomically.
 */
final class ApiAccessControl {
    private static final Logger log = LoggerFactory.getLogger(ApiAccessControl.class);

    private final AccessPolicy policy;

    ApiAccessControl(AccessConfig config) {
        this.policy = new AccessPolicy(users(config), mode(config));
        describe(config, "API access: ");
    }

    /** What the API server checks each request with. */
    ApiAccess policy() {
        return policy;
    }

    /** Puts {@code config} in force for every later request. */
    void apply(AccessConfig config) {
        policy.replace(users(config), mode(config));
        describe(config, "API access changed: ");
    }

    private static void describe(AccessConfig config, String prefix) {
        if (!config.users().isEmpty()) {
            log.info("{}{} user(s); every API route but /health and /version needs their credentials, "
                    + "loopback clients included", prefix, config.users().size());
        } else if (mode(config) == Unauthenticated.ALL) {
            log.warn("{}no users configured and access.unauthenticated is all: anyone who reaches the API "
                    + "port may publish, send and reload scripts", prefix);
        } else {
            log.info("{}no users configured, serving loopback clients only; list access.users (or set "
                    + "access.unauthenticated: all) to serve others", prefix);
        }
    }

    private static Unauthenticated mode(AccessConfig config) {
        return Unauthenticated.valueOf(config.unauthenticated().toUpperCase(Locale.ROOT));
    }

    private static List<ApiUser> users(AccessConfig config) {
        return config.users().stream().map(ApiAccessControl::user).toList();
    }

    private static ApiUser user(AccessUserConfig user) {
        Set<ApiAccess.Role> roles = EnumSet.noneOf(ApiAccess.Role.class);
        user.roles().forEach(role -> roles.add(ApiAccess.Role.valueOf(role.toUpperCase(Locale.ROOT))));
        return new ApiUser(user.username(), Password.of(user.password()), roles, HostPattern.parse(user.host()));
    }
}
