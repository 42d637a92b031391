package io.mixgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @Test
    void parsesGoDurationStrings() {
        assertEquals(Duration.ofHours(1), GoDuration.parse("1h"));
        assertEquals(Duration.ofSeconds(30), GoDuration.parse("30s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMinutes(165), GoDuration.parse("2h45m"));
        assertEquals(Duration.ofMillis(-1500), GoDuration.parse("-1.5s"));
        assertEquals(Duration.ofSeconds(5), GoDuration.parse("+5s"));
        assertEquals(Duration.ofNanos(1_000), GoDuration.parse("1us"));
        assertEquals(Duration.ofNanos(1_000), GoDuration.parse("1\u00b5s"));
        assertEquals(Duration.ofNanos(100), GoDuration.parse("100ns"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(60), GoDuration.parse("60s"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1us500ns"));
        assertEquals(Duration.ofNanos(2000), GoDuration.parse("2µs"));
        assertEquals(Duration.ofSeconds(-5), GoDuration.parse("-5s"));
    }

    @Test
    void configReadsABareNumberAsSeconds() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parseOrSeconds("10"));
        assertEquals(Duration.ZERO, GoDuration.parseOrSeconds("0"));
        assertEquals(Duration.ofMillis(250), GoDuration.parseOrSeconds("0.25"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "10 s", "s", "1x", "1h-5m", "-", "9999999999999999h"})
    void configRejectsWhatIsNotADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parseOrSeconds(text));
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : new String[] {"", "-", "1", "30", "1d", "h", ".s", "1.2.3s", "1h 30m", "9999999999h"}) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
        }
        assertEquals("unknown unit \"d\" in duration \"1d\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1d")).getMessage());
        assertEquals("missing unit in duration \"30\"",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("30")).getMessage());
    }

    @Test
    void formatsLikeGoDurationString() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("2s", GoDuration.format(Duration.ofSeconds(2)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("300ms", GoDuration.format(Duration.ofMillis(300)));
        assertEquals("1.5\u00b5s", GoDuration.format(Duration.ofNanos(1500)));
        assertEquals("100ns", GoDuration.format(Duration.ofNanos(100)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("-2s", GoDuration.format(Duration.ofSeconds(-2)));
        assertEquals("1m0s", GoDuration.format(Duration.ofSeconds(60)));
        assertEquals("-10s", GoDuration.format(Duration.ofSeconds(-10)));
    }

    @Test
    void formatThenParseGivesTheSameDuration() {
        for (Duration d : new Duration[] {Duration.ofNanos(1), Duration.ofMillis(123456789), Duration.ofDays(3)}) {
            assertEquals(d, GoDuration.parse(GoDuration.format(d)));
        }
    }
}
