package io.mixgate.session;

import static io.mixgate.testing.Conditions.DEADLINE;
import static io.mixgate.testing.Conditions.awaitTrue;
import static io.mixgate.testing.Conditions.isParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ConnectionContextTest {
    private final ConnectionContext context = new ConnectionContext();

    @Test
    void putStoresAndNullRemoves() {
        assertNull(context.get("user"));

        context.put("user", 1001L);
        context.put("admin", false);
        assertEquals(1001L, context.get("user"));
        assertEquals(false, context.get("admin"));

        context.put("user", null);
        assertNull(context.get("user"));
        assertEquals(Map.of("admin", false), context.snapshot());
    }

    @Test
    void replaceDropsEveryOldValueAndSkipsNulls() {
        context.put("old", "gone");
        Map<String, Object> values = new HashMap<>();
        values.put("user", 1001L);
        values.put("nothing", null);

        context.replace(values);

        assertEquals(Map.of("user", 1001L), context.snapshot());
        assertNull(context.get("old"));
    }

    @Test
    void snapshotIsACopyInInsertionOrder() {
        context.put("b", 2L);
        context.put("a", 1L);
        context.put("c", 3L);

        Map<String, Object> snapshot = context.snapshot();
        assertEquals(List.of("b", "a", "c"), List.copyOf(snapshot.keySet()));

        snapshot.put("d", 4L);
        context.put("a", null);
        assertEquals(List.of("b", "a", "c", "d"), List.copyOf(snapshot.keySet()), "the context changed the copy");
        assertEquals(new LinkedHashMap<>(Map.of("b", 2L, "c", 3L)), context.snapshot(), "the copy changed the context");
    }

    @Test
    void awaitReturnsAtOnceWhenTheKeyIsThere() throws Exception {
        context.put("token", "abc");
        assertEquals("abc", assertTimeoutPreemptively(DEADLINE, () -> context.await("token", Duration.ZERO)));
    }

    @Test
    void awaitReturnsWhenAnotherThreadPutsTheKey() throws Exception {
        Waiter waiter = Waiter.start(context, "token", DEADLINE.multipliedBy(2));
        awaitTrue(() -> isParked(waiter.thread), "the waiter blocks");

        context.put("other", "x");
        context.put("token", null); // removing is not a value either
        // proving that nothing happens needs some wait; a short one, since a wrong wake-up is quick
        assertThrows(TimeoutException.class, () -> waiter.result.get(200, TimeUnit.MILLISECONDS),
                "returned without a value for its key");

        context.put("token", "abc");
        assertEquals("abc", waiter.result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void awaitReturnsNullAfterItsTimeout() throws Exception {
        long start = System.nanoTime();
        assertNull(assertTimeoutPreemptively(DEADLINE, () -> context.await("token", Duration.ofMillis(50))));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "returned before the timeout");
    }

    @Test
    void awaitReturnsNullWhenTheConnectionCloses() throws Exception {
        Waiter waiter = Waiter.start(context, "token", null); // no time limit: only close can end it
        awaitTrue(() -> isParked(waiter.thread), "the waiter blocks");

        context.close();

        assertNull(waiter.result.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertNull(assertTimeoutPreemptively(DEADLINE, () -> context.await("token", null)), "await after close must not block");
    }

    /** A virtual thread blocked in {@link ConnectionContext#await}. */
    private record Waiter(Thread thread, CompletableFuture<Object> result) {
        static Waiter start(ConnectionContext context, String key, Duration timeout) {
            CompletableFuture<Object> result = new CompletableFuture<>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    result.complete(context.await(key, timeout));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            return new Waiter(thread, result);
        }
    }
}
