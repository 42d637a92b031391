package io.mixgate.core;

import java.util.Objects;

/** A queue request could not be carried out; {@link #kind()} maps to CONNMIX's 201/202/203. */
public final class QueueException extends RuntimeException {

    public enum Kind {
        /** {@code queue.pop} could not start consuming (201). */
        CONSUME_FAILED,
        /** {@code queue.pop} of a topic this consumer pops already (202). */
        DUPLICATE_CONSUME,
        /** {@code queue.unpop} failed (203). */
        UNPOP_FAILED
    }

    private final Kind kind;

    public QueueException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
