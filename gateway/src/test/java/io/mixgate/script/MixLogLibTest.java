package io.mixgate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.slf4j.LoggerFactory;

class MixLogLibTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Globals globals;

    @BeforeEach
    void installIntoFreshGlobals() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.MixLogLibTest." + System.identityHashCode(this));
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        appender.start();
        logger.addAppender(appender);
        globals = TestLua.globals();
        MixLogLib.install(globals.get("mix").checktable(), globals, logger, () -> "script=test.lua conn=123");
    }

    private List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void logsAtTheGivenLevelWithContext() {
        TestLua.run(globals, """
                mix.log(mix.DEBUG, "d")
                mix.log(mix.INFO, "i")
                mix.log(mix.WARN, "w")
                mix.log(mix.ERROR, "e")
                """);
        assertEquals(List.of("DEBUG script=test.lua conn=123 d", "INFO script=test.lua conn=123 i",
                "WARN script=test.lua conn=123 w", "ERROR script=test.lua conn=123 e"), lines());
    }

    @Test
    void acceptsLevelNamesAndOldGlobals() {
        TestLua.run(globals, """
                mix.log("info", "a")
                mix.log("WARN", "b")
                mix_log(mix_ERROR, "c")
                mix_log(mix_DEBUG, "d")
                mix_log(mix_INFO, "e")
                mix_log(mix_WARN, "f")
                """);
        assertEquals(List.of("INFO script=test.lua conn=123 a", "WARN script=test.lua conn=123 b",
                "ERROR script=test.lua conn=123 c", "DEBUG script=test.lua conn=123 d",
                "INFO script=test.lua conn=123 e", "WARN script=test.lua conn=123 f"), lines());
    }

    @Test
    void convertsAnyMessageWithTostring() {
        TestLua.run(globals, """
                mix.log(mix.INFO, 42)
                mix.log(mix.INFO, nil)
                mix.log(mix.INFO, setmetatable({}, {__tostring = function() return "custom" end}))
                mix.log(mix.INFO, {})
                """);
        List<String> lines = lines();
        assertEquals("INFO script=test.lua conn=123 42", lines.get(0));
        assertEquals("INFO script=test.lua conn=123 nil", lines.get(1));
        assertEquals("INFO script=test.lua conn=123 custom", lines.get(2));
        assertTrue(lines.get(3).startsWith("INFO script=test.lua conn=123 table"), lines.get(3));
    }

    @Test
    void rejectsUnknownLevels() {
        LuaError error = assertThrows(LuaError.class, () -> TestLua.run(globals, "mix.log('loud', 'x')"));
        assertTrue(error.getMessage().contains("unknown log level"), error.getMessage());
        assertThrows(LuaError.class, () -> TestLua.run(globals, "mix.log(nil, 'x')"));
        assertEquals(List.of(), lines());
    }

    @Test
    void skipsMessagesBelowTheLoggerLevel() {
        ((Logger) LoggerFactory.getLogger("test.MixLogLibTest." + System.identityHashCode(this))).setLevel(Level.WARN);
        TestLua.run(globals, "mix.log(mix.DEBUG, 'hidden') mix.log(mix.INFO, 'hidden') mix.log(mix.ERROR, 'shown')");
        assertEquals(List.of("ERROR script=test.lua conn=123 shown"), lines());
    }
}
