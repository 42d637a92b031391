package io.mixgate.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mixgate.config.UpstreamBackoffConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnect waits: doubling from initial, capped at max, moved by at most jitter of themselves. */
class BackoffTest {
    private static final UpstreamBackoffConfig CONFIG =
            new UpstreamBackoffConfig(Duration.ofMillis(100), Duration.ofSeconds(1), 0.2);

    @Test
    void doublesFromInitialUpToMax() {
        Backoff noJitter = new Backoff(CONFIG, () -> 0.5); // 0.5 draws no spread
        assertEquals(Duration.ofMillis(100), noJitter.delay(1));
        assertEquals(Duration.ofMillis(200), noJitter.delay(2));
        assertEquals(Duration.ofMillis(400), noJitter.delay(3));
        assertEquals(Duration.ofMillis(800), noJitter.delay(4));
        assertEquals(Duration.ofSeconds(1), noJitter.delay(5));
        assertEquals(Duration.ofSeconds(1), noJitter.delay(1000), "no overflow after many attempts");
    }

    @Test
    void jitterMovesEachWaitByAtMostItsFraction() {
        assertEquals(Duration.ofMillis(320), new Backoff(CONFIG, () -> 0.0).delay(3));
        assertEquals(Duration.ofMillis(480), new Backoff(CONFIG, () -> 1.0).delay(3));
        assertEquals(Duration.ofMillis(1200), new Backoff(CONFIG, () -> 1.0).delay(9));
    }
}
