package io.mixgate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private final List<String> lines = new ArrayList<>();
    private final List<Object[]> args = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final RateLimitedLog log = new RateLimitedLog((format, a) -> {
        lines.add(format);
        args.add(a);
    }, 3, 60_000_000_000L, now::get);

    @Test
    void letsTheFirstLinesOfAWindowThroughAndCountsTheRest() {
        for (int i = 0; i < 1000; i++) {
            log.log("conn={} dropped", i);
        }
        assertEquals(List.of("conn={} dropped", "conn={} dropped", "conn={} dropped"), lines);
        assertEquals(997, log.suppressed());
    }

    @Test
    void theNextWindowSaysHowManyWereSuppressedBeforeItsFirstLine() {
        for (int i = 0; i < 10; i++) {
            log.log("conn={} dropped", i);
        }
        now.addAndGet(60_000_000_000L);
        log.log("conn={} dropped", 99);

        assertEquals(5, lines.size());
        assertEquals("{} more lines like \"{}\" were suppressed (at most {} a {} s per call site)", lines.get(3));
        assertEquals(List.of(7L, "conn={} dropped", 3, 60L), Arrays.asList(args.get(3)));
        assertEquals(List.of(99), Arrays.asList(args.get(4)));
        assertEquals(0, log.suppressed());
    }

    @Test
    void passesATrailingThrowableThroughAsItCame() {
        IllegalStateException cause = new IllegalStateException("boom");
        log.log("conn={} failed", 1, cause);
        assertSame(cause, args.get(0)[1]);
    }
}
