package io.mixgate.upstream;

/** Where one upstream subscription stands. */
public enum SubscriptionState {
    /** Wanted, not (yet) confirmed: its connection is opening, or the provider has not acknowledged it. */
    PENDING,
    /** Carried by an open connection (its URL or an acknowledged subscribe message). */
    SUBSCRIBED,
    /** The provider refused it; the error says why. Retried when its connection reopens. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
