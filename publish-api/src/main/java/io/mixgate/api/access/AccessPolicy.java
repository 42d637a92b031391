package io.mixgate.api.access;

import io.mixgate.api.ApiAccess;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's {@link ApiAccess}: {@code access.users} and {@code access.unauthenticated}.
 *
 * <ul>
 *   <li>No users: loopback clients (127.0.0.0/8, ::1) get in without credentials and others get
 *       403, unless {@link Unauthenticated#ALL} lets everyone in.</li>
 *   <li>Users: every request needs HTTP Basic credentials, loopback included. Missing, malformed
 *       or wrong credentials get 401 with one message whatever the reason (an unknown user and a
 *       wrong password look alike); the right password from a host the user may not use, or
 *       without the route's role, gets 403. The password is checked before the host, so a 403
 *       never tells a stranger that a user exists.</li>
 * </ul>
 *
 * <p>bcrypt: a successful verification is cached per header (see {@link VerifiedHeaders}), and
 * {@link #costly} tells the routes when a check would run bcrypt, so they run it off the I/O
 * thread.
 *
 * <p>Thread safety: thread-safe. {@link #replace} swaps the whole user list atomically: a request
 * is decided entirely under the old list or entirely under the new one.
 */
public final class AccessPolicy implements ApiAccess {

    /** Verified headers remembered per user list. */
    static final int CACHE_SIZE = 1024;

    static final String UNAUTHORIZED = "missing or wrong credentials";
    static final String LOOPBACK_ONLY =
            "the API serves loopback clients only until access.users is configured";
    static final String WRONG_HOST = "this user may not use the API from this address";

    private record Snapshot(Map<String, ApiUser> users, Unauthenticated unauthenticated, VerifiedHeaders verified) {
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    public AccessPolicy(List<ApiUser> users, Unauthenticated unauthenticated) {
        replace(users, unauthenticated);
    }

    /**
     * Puts a new user list in force for every later request; forgets every verified header.
     *
     * @throws IllegalArgumentException if two users share a name
     */
    public void replace(List<ApiUser> users, Unauthenticated unauthenticated) {
        Map<String, ApiUser> byName = new HashMap<>();
        for (ApiUser user : users) {
            if (byName.putIfAbsent(user.username(), user) != null) {
                throw new IllegalArgumentException("two users are called " + user.username());
            }
        }
        current.set(new Snapshot(Map.copyOf(byName), unauthenticated, new VerifiedHeaders(CACHE_SIZE)));
    }

    /** How many users are in force. */
    public int userCount() {
        return current.get().users().size();
    }

    @Override
    public boolean costly(String authorization) {
        Snapshot s = current.get();
        if (s.users().isEmpty() || authorization == null || s.verified().get(authorization) != null) {
            return false;
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization);
        ApiUser user = credentials.map(c -> s.users().get(c.username())).orElse(null);
        return user != null && user.password().slow();
    }

    @Override
    public Decision check(InetSocketAddress remote, String authorization, Role needed) {
        Snapshot s = current.get();
        if (s.users().isEmpty()) {
            if (s.unauthenticated() == Unauthenticated.ALL || isLoopback(remote)) {
                return Decision.ALLOWED;
            }
            return new Decision(403, LOOPBACK_ONLY);
        }
        ApiUser user = authenticate(s, authorization);
        if (user == null) {
            return new Decision(401, UNAUTHORIZED);
        }
        if (remote == null || !user.host().matches(remote.getAddress())) {
            return new Decision(403, WRONG_HOST);
        }
        if (!user.roles().contains(needed)) {
            return new Decision(403, "this user does not have the " + needed.name().toLowerCase(java.util.Locale.ROOT)
                    + " role this route needs");
        }
        return Decision.ALLOWED;
    }

    private static ApiUser authenticate(Snapshot s, String authorization) {
        if (authorization == null) {
            return null;
        }
        ApiUser cached = s.verified().get(authorization);
        if (cached != null) {
            return cached;
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization).orElse(null);
        ApiUser user = credentials == null ? null : s.users().get(credentials.username());
        if (user == null || !user.password().matches(credentials.password())) {
            return null;
        }
        if (user.password().slow()) {
            s.verified().put(authorization, user);
        }
        return user;
    }

    private static boolean isLoopback(InetSocketAddress remote) {
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }
}
