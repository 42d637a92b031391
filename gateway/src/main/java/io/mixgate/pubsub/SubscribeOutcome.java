package io.mixgate.pubsub;

/** The result of {@link SubscriptionIndex#subscribe}, with the error text the script sees. */
public enum SubscribeOutcome {
    SUBSCRIBED(null),
    ALREADY_SUBSCRIBED(null),
    INVALID_CHANNEL("invalid channel name"),
    TOO_MANY_SUBSCRIPTIONS("too many subscriptions on this connection"),
    CONNECTION_CLOSED("connection closed");

    private final String error;

    SubscribeOutcome(String error) {
        this.error = error;
    }

    /** Null on success, otherwise what went wrong. */
    public String error() {
        return error;
    }
}
