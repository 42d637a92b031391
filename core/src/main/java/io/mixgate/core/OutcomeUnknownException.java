package io.mixgate.core;

/**
 * The operation may or may not have happened: it was handed on (to Redis, to another node) and
 * no answer came back in time. A publish that timed out in Redis may still be delivered when
 * Redis resumes. Distinct from a failure that certainly did not happen, so that a back office
 * can tell "retry" from "check before retrying" (the API answers it with its own code).
 */
public final class OutcomeUnknownException extends RuntimeException {
    public OutcomeUnknownException(String message) {
        super(message, null, false, false);
    }
}
