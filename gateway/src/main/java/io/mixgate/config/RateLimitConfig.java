package io.mixgate.config;

/**
 * How many messages one client connection may send ({@code servers[i].rateLimit} in the YAML):
 * a token bucket that refills at {@code messagesPerSecond} and holds at most {@code burst}.
 * Every text or binary message and every ping or pong counts. A message over the limit never
 * reaches the script; the client gets what {@code action} says.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param messagesPerSecond sustained messages per second per connection, {@code 0..1000000},
 *                          default 50; 0 turns the limit off
 * @param burst             messages a connection may send at once after being quiet,
 *                          {@code 1..1000000}, default 100
 * @param action            {@code close} (default): close the connection with 1008 "rate limit
 *                          exceeded"; {@code error}: drop the message (or ping, unanswered) and
 *                          send {@code errorReply} as a text frame instead
 * @param errorReply        the text frame sent for each dropped message when {@code action} is
 *                          {@code error}, non-empty, at most 1024 characters, default
 *                          {@code {"code":9,"msg":"rate limit exceeded"}} (the exchange protocol's
 *                          error shape)
 */
public record RateLimitConfig(int messagesPerSecond, int burst, String action, String errorReply) {

    public static final String CLOSE = "close";
    public static final String ERROR = "error";
    public static final String DEFAULT_ERROR_REPLY = "{\"code\":9,\"msg\":\"rate limit exceeded\"}";

    /** Validates every value. */
    public RateLimitConfig {
        Require.range("messagesPerSecond", messagesPerSecond, 0, 1_000_000);
        Require.range("burst", burst, 1, 1_000_000);
        Require.present("action", action, "close or error");
        if (!action.equals(CLOSE) && !action.equals(ERROR)) {
            throw new InvalidValueException("action", Require.show(action), "close or error");
        }
        Require.present("errorReply", errorReply, "a string");
        if (errorReply.isEmpty() || errorReply.length() > 1024) {
            throw new InvalidValueException("errorReply", Require.show(errorReply), "a text of 1..1024 characters");
        }
    }

    /** The defaults: 50 messages per second, bursts of 100, close with 1008 when exceeded. */
    public static RateLimitConfig defaults() {
        return new RateLimitConfig(50, 100, CLOSE, DEFAULT_ERROR_REPLY);
    }

    /** Whether the limit applies at all ({@code messagesPerSecond > 0}). */
    public boolean enabled() {
        return messagesPerSecond > 0;
    }

    /** Whether a connection over the limit is closed (rather than answered with {@link #errorReply}). */
    public boolean closes() {
        return action.equals(CLOSE);
    }
}
