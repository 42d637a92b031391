package io.mixgate.core;

import java.util.Objects;

/**
 * What became of one {@link ConnCall}. A call whose outcome is not known (the owning node did
 * not answer in time) is not a {@code CallOutcome}: its stage completes exceptionally with
 * {@link OutcomeUnknownException}.
 *
 * <p>Immutable.
 *
 * @param status  what happened
 * @param message why it was refused, for the reply; empty when done
 */
public record CallOutcome(Status status, String message) {

    public enum Status {
        /** The call ran on the connection. */
        DONE,
        /** No connection with that id is open anywhere in the mesh. */
        UNKNOWN_CLIENT,
        /** The connection exists but refused the call (closing, a bad channel, too many subscriptions). */
        REFUSED
    }

    public static final CallOutcome DONE = new CallOutcome(Status.DONE, "");

    public CallOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static CallOutcome unknownClient(long clientId) {
        return new CallOutcome(Status.UNKNOWN_CLIENT, "client " + clientId + " is not connected");
    }

    public static CallOutcome refused(String message) {
        return new CallOutcome(Status.REFUSED, message);
    }
}
