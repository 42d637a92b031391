package io.mixgate.api;

/**
 * The error codes of CONNMIX's reply envelope ({@code {"E":{"c":code,"m":message}}}), each with
 * its meaning and the HTTP status the back-office API answers with by default.
 *
 * <p>Codes 101, 201-203, 301 and 401 are CONNMIX's own; {@link #UNAUTHORIZED}, {@link #FORBIDDEN},
 * {@link #SCRIPT_RELOAD_FAILED}, {@link #UNAVAILABLE}, {@link #OUTCOME_UNKNOWN} and {@link #INTERNAL}
 * are mixgate's additions for failures CONNMIX does not name. A handler may answer a code with another HTTP
 * status where the default would mislead (see {@code SendHandler}), but the code in the body is
 * always one of these.
 *
 * <p>Thread safety: immutable.
 */
public enum ApiError {
    /** The request is malformed: bad JSON, a missing or mistyped field, an unknown path or method. */
    INVALID_ARGUMENT(101, 400),
    /** {@code queue.pop} could not start consuming. */
    CONSUME_FAILED(201, 409),
    /** {@code queue.pop} was asked for topics this consumer already consumes. */
    DUPLICATE_CONSUME(202, 409),
    /** {@code queue.unpop} could not stop consuming. */
    UNPOP_FAILED(203, 409),
    /** {@code conn.call} could not be carried out, typically because the client is not connected. */
    CONN_CALL_FAILED(301, 404),
    /** {@code mesh.send} could not deliver: the client is not connected or could not take the message. */
    SEND_FAILED(401, 404),
    /** {@code POST /v1/scripts/reload}: the new scripts do not compile or load; the old version keeps running. */
    SCRIPT_RELOAD_FAILED(601, 422),
    /**
     * The node cannot carry out the request right now, for example because its broker is down:
     * it certainly did not happen, so retrying is safe.
     */
    UNAVAILABLE(503, 503),
    /**
     * The request was handed on (to Redis, to another node) and no answer came in time: it may or
     * may not have taken effect, e.g. a publish Redis did not acknowledge can still be delivered
     * when Redis resumes. Check before retrying anything that must not happen twice.
     */
    OUTCOME_UNKNOWN(504, 504),
    /** Missing or wrong credentials (HTTP 401). */
    UNAUTHORIZED(102, 401),
    /** Known credentials from a host they may not be used from, or without the role the route needs (HTTP 403). */
    FORBIDDEN(103, 403),
    /** A bug in mixgate: the request was valid but the node answered in a way it never should. */
    INTERNAL(500, 500);

    private final int code;
    private final int httpStatus;

    ApiError(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The code written in the envelope's {@code "E":{"c":...}}. */
    public int code() {
        return code;
    }

    /** The HTTP status the API answers with when nothing more specific applies. */
    public int httpStatus() {
        return httpStatus;
    }
}
