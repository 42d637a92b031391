package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigDurationTest {

    @Test
    void parsesGoStyleDurations() {
        assertEquals(Duration.ofSeconds(60), GoDuration.parse("60s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofHours(1), GoDuration.parse("1h"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1us500ns"));
        assertEquals(Duration.ofNanos(2000), GoDuration.parse("2µs"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
    }

    @Test
    void readsABareNumberAsSeconds() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parseOrSeconds("10"));
        assertEquals(Duration.ZERO, GoDuration.parseOrSeconds("0"));
        assertEquals(Duration.ofMillis(250), GoDuration.parseOrSeconds("0.25"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "10 s", "s", "1x", "1h-5m", "-", "9999999999999999h"})
    void rejectsWhatIsNotADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parseOrSeconds(text));
    }

    @Test
    void formatsAsGoDoes() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("1m0s", GoDuration.format(Duration.ofSeconds(60)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("-10s", GoDuration.format(Duration.ofSeconds(-10)));
    }

    @Test
    void formatThenParseGivesTheSameDuration() {
        for (Duration d : new Duration[] {Duration.ofNanos(1), Duration.ofMillis(123456789), Duration.ofDays(3)}) {
            assertEquals(d, GoDuration.parse(GoDuration.format(d)));
        }
    }
}
