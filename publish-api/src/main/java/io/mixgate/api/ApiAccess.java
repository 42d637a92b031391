package io.mixgate.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Who may use the API: decides each request from the client's address and its
 * {@code Authorization} header before any route runs. The node builds the real policy from
 * {@code access.users}; {@link #OPEN} lets everyone in.
 *
 * <p>Thread safety: implementations are thread-safe and never block: they run on the API's I/O
 * threads for every request, except when {@link #costly} says a check would be slow.
 */
public interface ApiAccess {

    /** What a route needs. */
    enum Role {
        /** Look: {@code GET /v1/nodes}, health details and the like. */
        READ,
        /** Act: publish, send, conn.call, queue.pop, script reload, the {@code /ws/v1} API. */
        WRITE
    }

    /**
     * The decision for one request.
     *
     * @param status  0 when allowed, else the HTTP status to answer: 401 (missing or wrong
     *                credentials; nothing else is revealed) or 403 (a known user from a host it may
     *                not use, or without the role)
     * @param message what the reply says; kept short, never names users or roles that exist
     */
    record Decision(int status, String message) {
        public static final Decision ALLOWED = new Decision(0, "");

        public Decision {
            Objects.requireNonNull(message, "message");
        }

        public boolean allowed() {
            return status == 0;
        }
    }

    /**
     * @param remote        the client's address
     * @param authorization the request's {@code Authorization} header, or null
     * @param needed        the role the route needs
     */
    Decision check(InetSocketAddress remote, String authorization, Role needed);

    /**
     * Whether {@link #check} would be slow for this header (say, a bcrypt password not verified
     * yet): the routes then run the check, and the route, on a worker thread instead of an I/O
     * thread. Must itself be fast.
     *
     * @param authorization the request's {@code Authorization} header, or null
     */
    default boolean costly(String authorization) {
        return false;
    }

    /** Lets every request in: for tests of the API alone, and for an operator who said so. */
    ApiAccess OPEN = (remote, authorization, needed) -> Decision.ALLOWED;
}
