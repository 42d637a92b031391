package io.mixgate.config;

import io.mixgate.api.access.HostPattern;
import io.mixgate.api.access.Password;
import java.util.List;

/**
 * One user of the API ({@code access.users[i]}).
 *
 * <p>Immutable and safe to share between threads. Error messages never show the password.
 *
 * @param username the HTTP Basic user id; non-empty, no colon
 * @param password plain text, or a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}, cost
 *                 4..{@value Password#MAX_COST}); non-empty
 * @param roles    {@code read} and/or {@code write}, at least one; {@code write} does not imply
 *                 {@code read}; unmodifiable
 * @param host     where the user may call from: {@code *} (the default), an IP address, or an
 *                 IPv4 glob such as {@code 172.*.*.*}
 */
public record AccessUserConfig(String username, String password, List<String> roles, String host) {

    /** The values of {@code roles}. */
    public static final List<String> ROLES = List.of("read", "write");

    /** Validates every value; a missing host becomes {@code *}. */
    public AccessUserConfig {
        Require.nonBlank("username", username);
        if (username.indexOf(':') >= 0) {
            throw new InvalidValueException("username", Require.show(username), "a name without \":\"");
        }
        if (password == null || password.isEmpty()) {
            throw new InvalidValueException("password", Require.show(password), "a non-empty password");
        }
        try {
            Password.of(password);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("password", "(not shown)", e.getMessage());
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidValueException("roles", roles == null ? "null" : "[]", "a list of read and/or write");
        }
        for (int i = 0; i < roles.size(); i++) {
            if (!ROLES.contains(roles.get(i))) {
                throw new InvalidValueException("roles[" + i + "]", Require.show(roles.get(i)), "read or write");
            }
        }
        roles = List.copyOf(roles);
        host = host == null ? "*" : host;
        try {
            HostPattern.parse(host);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("host", Require.show(host), HostPattern.EXPECTED);
        }
    }
}
