package io.mixgate.queue;

/**
 * A push that was certainly not queued: the topic name is invalid, the topic is full, too many
 * topics hold items, or the queues could not be reached before anything was written. Safe to
 * retry later.
 */
public final class QueueRefusedException extends RuntimeException {
    public QueueRefusedException(String message) {
        super(message, null, false, false);
    }
}
