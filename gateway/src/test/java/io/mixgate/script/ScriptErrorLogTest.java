package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.core.ScriptError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptErrorLogTest {
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @Test
    void keepsTheLastErrorsNewestFirstWithFileAndLine() {
        ScriptErrorLog log = new ScriptErrorLog(2, clock, () -> 7);
        log.forServer(1).add("scripts/entry.lua", "on_message", 42, "scripts/lib.lua:12 attempt to index a nil value");
        log.forServer(1).add("scripts/entry.lua", "on_close", 43, "no position here");
        log.forServer(0).add("scripts/entry.lua", "on_handshake", 44, "scripts/entry.lua:3 third");
        List<ScriptError> recent = log.recent();
        assertEquals(2, recent.size(), "the oldest went: " + recent);
        assertEquals(new ScriptError("7", 0, "scripts/entry.lua", 3, "on_handshake", 44, "third", 1_700_000_000_000L),
                recent.get(0));
        assertEquals(new ScriptError("7", 1, "scripts/entry.lua", 0, "on_close", 43, "no position here", 1_700_000_000_000L),
                recent.get(1));
    }

    @Test
    void boundsWhatOneErrorKeepsAndCanKeepNothing() {
        ScriptErrorLog log = new ScriptErrorLog(1, clock, () -> 1);
        log.add(0, "e.lua", "on_message", 1, "e.lua:1 " + "x".repeat(1_000_000));
        String kept = log.recent().get(0).message();
        assertTrue(kept.length() <= ScriptError.MAX_MESSAGE_CHARS + 1, "kept " + kept.length() + " chars");

        ScriptErrorLog none = new ScriptErrorLog(0, clock, () -> 1);
        none.add(0, "e.lua", "on_message", 1, "boom");
        assertEquals(List.of(), none.recent());
    }
}
