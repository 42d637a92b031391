package io.mixgate.api.access;

import io.mixgate.api.ApiAccess.Role;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One user of the API ({@code access.users[i]}). Roles are independent: {@code write} does not
 * imply {@code read}, so a back office that publishes and lists nodes names both.
 *
 * <p>Immutable and thread-safe.
 *
 * @param username who it is; non-empty, no colon (HTTP Basic could not carry it)
 * @param password its password, plain or bcrypt
 * @param roles    what it may do; unmodifiable
 * @param host     where it may call from
 */
public record ApiUser(String username, Password password, Set<Role> roles, HostPattern host) {

    public ApiUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(host, "host");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a username is non-empty and has no colon: " + username);
        }
        roles = Set.copyOf(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    }
}
