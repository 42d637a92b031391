package io.mixgate.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void allowsBurstAtOnceThenOneTokenPerInterval() {
        long t = 42 * MS;
        TokenBucket bucket = new TokenBucket(50, 100, t); // a token every 20 ms
        for (int i = 0; i < 100; i++) {
            assertTrue(bucket.tryTake(t), "token " + i + " of the burst");
        }
        assertFalse(bucket.tryTake(t));
        assertFalse(bucket.tryTake(t + 19 * MS), "the next token is 20 ms away");
        assertTrue(bucket.tryTake(t + 20 * MS));
        assertFalse(bucket.tryTake(t + 20 * MS));
    }

    @Test
    void refusedMessagesTakeNothingAndAQuietSpellRefillsOnlyUpToBurst() {
        long t = 0;
        TokenBucket bucket = new TokenBucket(10, 3, t);
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryTake(t));
        }
        for (int i = 0; i < 1000; i++) {
            assertFalse(bucket.tryTake(t + 50 * MS), "refusals do not push the next token further away");
        }
        assertTrue(bucket.tryTake(t + 100 * MS));
        assertFalse(bucket.isFull(t + 100 * MS));
        long later = t + 60_000 * MS; // a minute of silence: full again, but no more than burst
        assertTrue(bucket.isFull(later));
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryTake(later));
        }
        assertFalse(bucket.tryTake(later));
    }

    @Test
    void worksAcrossTheWrapOfNanoTime() {
        long t = Long.MAX_VALUE - 5 * MS;
        TokenBucket bucket = new TokenBucket(100, 1, t); // a token every 10 ms
        assertTrue(bucket.tryTake(t));
        assertFalse(bucket.tryTake(t + 5 * MS));
        assertTrue(bucket.tryTake(t + 10 * MS), "10 ms later, past Long.MAX_VALUE");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }
}
