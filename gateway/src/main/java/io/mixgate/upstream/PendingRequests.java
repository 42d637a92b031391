package io.mixgate.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code up:request} calls of one connection waiting for their replies, matched by the value
 * of a top-level id field in any order. A second request with an id still waiting is refused
 * ({@code duplicate id}); a reply nobody waits for goes on to the script as a plain message.
 *
 * <p>Thread-safe: requests wait on script threads, replies are offered from the event loop.
 */
final class PendingRequests {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private record Key(String field, String id) {
    }

    private final Map<Key, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

    /**
     * Registers the request, runs {@code send} and waits for its reply.
     *
     * @param send sends the request; returns null when sent, else why not
     */
    String await(String idField, String id, Duration timeout, java.util.function.Supplier<String> send)
            throws UpstreamRequestException {
        Key key = new Key(idField, id);
        CompletableFuture<String> reply = new CompletableFuture<>();
        if (waiting.putIfAbsent(key, reply) != null) {
            throw new UpstreamRequestException("duplicate id " + id + ": a request with it is still waiting");
        }
        try {
            String error = send.get();
            if (error != null) {
                throw new UpstreamRequestException(error);
            }
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamRequestException("timeout: no reply with " + idField + " " + id + " within " + timeout
                    + " (the provider may still act on it)");
        } catch (ExecutionException e) {
            throw new UpstreamRequestException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamRequestException("interrupted");
        } finally {
            waiting.remove(key, reply);
        }
    }

    /** Completes the request {@code message} answers; false when it answers none (or nothing waits). */
    boolean offer(String message) {
        if (waiting.isEmpty()) {
            return false;
        }
        for (Key key : waiting.keySet()) {
            String id = topLevelField(message, key.field());
            if (id != null) {
                CompletableFuture<String> reply = waiting.get(new Key(key.field(), id));
                if (reply != null) {
                    return reply.complete(message);
                }
            }
        }
        return false;
    }

    /** Fails every waiting request: the connection closed (it may or may not have reached the provider). */
    void failAll(String why) {
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
    }

    private static String topLevelField(String json, String field) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
