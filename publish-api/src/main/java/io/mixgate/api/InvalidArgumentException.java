package io.mixgate.api;

/**
 * A request the API refuses with {@link ApiError#INVALID_ARGUMENT}. The message is shown to the
 * caller as is, so it names the field, the value and what was expected.
 *
 * <p>Thread safety: immutable. It carries no stack trace: it is an answer, not a bug.
 */
final class InvalidArgumentException extends Exception {

    InvalidArgumentException(String message) {
        super(message, null, false, false);
    }
}
