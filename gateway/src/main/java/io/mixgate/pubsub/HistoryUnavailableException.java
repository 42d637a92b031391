package io.mixgate.pubsub;

/** The history of a channel could not be read: a mesh's Redis is down or did not answer in time. */
public final class HistoryUnavailableException extends RuntimeException {
    public HistoryUnavailableException(String message) {
        super(message);
    }
}
