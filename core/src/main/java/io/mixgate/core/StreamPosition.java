package io.mixgate.core;

/**
 * A place in a channel's history: an offset within an epoch. A client keeps the last one it saw
 * and names it to recover what it missed; an epoch it does not know means the history it counted
 * on is gone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param offset the last offset seen, 0 for "before the first publication"
 * @param epoch  the channel history's epoch, never null
 */
public record StreamPosition(long offset, String epoch) {
    public StreamPosition {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        if (epoch == null) {
            throw new IllegalArgumentException("epoch: null (expected: a string)");
        }
    }
}
