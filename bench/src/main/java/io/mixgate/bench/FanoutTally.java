package io.mixgate.bench;

/**
 * The delivery accounting of a fan-out run, once the publisher's answers are in. Only a publish
 * the server answered with success is owed to the subscribers (expected); a publish that was never
 * answered (publish_unanswered) or answered with a failure may still have been delivered, so
 * deliveries beyond what is expected are counted apart rather than offsetting losses, and lost is
 * never negative.
 *
 * @param published           messages whose publish request was answered with success
 * @param publishFailed       publish requests answered with a failure (or cut by a closed connection)
 * @param publishUnanswered   publish requests still without an answer when the run stopped waiting
 * @param receiversPerMessage subscribers each message is owed to (the public channel's subscribers; 1 for private channels)
 * @param delivered           messages the subscribers received
 */
record FanoutTally(long published, long publishFailed, long publishUnanswered, long receiversPerMessage, long delivered) {

    long expected() {
        return published * receiversPerMessage;
    }

    long lost() {
        return Math.max(0, expected() - delivered);
    }

    /** Deliveries of messages that were not expected: their publish got no answer or a failure. */
    long deliveredBeyondExpected() {
        return Math.max(0, delivered - expected());
    }

    void report(Result result) {
        result.put("published", published)
                .put("publish_failed", publishFailed)
                .put("publish_unanswered", publishUnanswered)
                .put("expected", expected())
                .put("delivered", delivered)
                .put("lost", lost())
                .put("delivered_beyond_expected", deliveredBeyondExpected());
    }
}
