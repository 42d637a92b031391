package io.mixgate.market;

/**
 * What happened to one snapshot or update given to an {@link OrderBook}: its {@link Status}
 * and whether the book is crossed afterwards (best bid >= best ask). A crossed book comes from
 * the input and is reported here, never silently fixed. Immutable.
 */
public record ApplyResult(Status status, boolean crossed) {
    /** The outcome of one input. */
    public enum Status {
        /** Applied to the book. */
        APPLIED("applied"),
        /** Older than the book (already contained in it): dropped, nothing lost. */
        STALE("stale"),
        /** Does not chain onto the book: not applied; the book waits for a new snapshot. */
        GAP("gap"),
        /** The book has had no snapshot yet (or lost sync): not applied; send a snapshot. */
        NO_SNAPSHOT("no_snapshot");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        /** The name scripts see. */
        public String wireName() {
            return wireName;
        }
    }
}
