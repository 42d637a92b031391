package io.mixgate.broker;

import io.lettuce.core.RedisCommandExecutionException;
import io.mixgate.core.OutcomeUnknownException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Tells a Redis command that certainly did not run from one that may have. The link rejects
 * commands while it is disconnected ({@code REJECT_COMMANDS}): such a command never left this
 * node, and neither did one Redis answered with an error, so they fail with
 * {@link BrokerUnavailableException} ("not carried out", HTTP 503). A command that was written
 * and then timed out, or whose connection dropped before the reply, may have run (a stalled Redis
 * delivers it when it resumes), so it fails with {@link OutcomeUnknownException} (HTTP 504).
 * When in doubt, unknown: "failed" is said only when it is certain. Stateless.
 */
final class RedisOutcomes {
    /** Lettuce's message for a command rejected while disconnected (DefaultEndpoint, REJECT_COMMANDS). */
    private static final String REJECTED = "Currently not connected";

    private RedisOutcomes() {
    }

    /** {@code stage}, with a failure turned into one of the two exceptions above. */
    static <T> CompletionStage<T> classified(CompletionStage<T> stage, String what) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(classify(failure, what));
            }
        });
        return result;
    }

    static RuntimeException classify(Throwable failure, String what) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BrokerUnavailableException unavailable) {
            return unavailable;
        }
        if (cause instanceof OutcomeUnknownException unknown) {
            return unknown;
        }
        String message = describe(cause);
        if (message.startsWith(REJECTED) || cause instanceof RedisCommandExecutionException) {
            return new BrokerUnavailableException("redis unavailable, " + what + " not carried out: " + message);
        }
        return new OutcomeUnknownException("redis did not answer, " + what + " may or may not be carried out: "
                + message);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
