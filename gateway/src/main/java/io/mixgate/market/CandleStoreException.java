package io.mixgate.market;

/**
 * A {@link CandleStore} could not do what was asked: it is down, timed out, or refused (full).
 * {@link #unknown()} tells whether a write may have happened all the same (a timeout after the
 * request left): a put is idempotent, so putting again is always safe.
 */
public final class CandleStoreException extends Exception {
    private final boolean unknown;

    public CandleStoreException(String message, boolean unknown, Throwable cause) {
        super(message, cause);
        this.unknown = unknown;
    }

    /** True when the write may have happened; false when it certainly did not. */
    public boolean unknown() {
        return unknown;
    }
}
