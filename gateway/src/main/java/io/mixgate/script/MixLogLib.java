package io.mixgate.script;

import java.util.Locale;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Script logging: {@code mix.log(level, msg)} with the level constants {@code mix.DEBUG},
 * {@code mix.INFO}, {@code mix.WARN} and {@code mix.ERROR}, plus the older globals
 * {@code mix_log(level, msg)} and {@code mix_DEBUG}, {@code mix_INFO}, {@code mix_WARN},
 * {@code mix_ERROR}.
 *
 * <p>The constants are the strings {@code "debug"}, {@code "info"}, {@code "warn"} and
 * {@code "error"}, so a script may pass either a constant or a level name (case-insensitive;
 * {@code "warning"} is accepted too). An unknown level raises a Lua argument error. {@code msg}
 * may be any value and is converted like {@code tostring} (honouring {@code __tostring}).
 * Each line is logged at the given level as {@code "<context> <msg>"}, where the context comes
 * from the supplier given to {@link #install}, e.g. {@code script=scripts/entry.websocket.lua conn=123}.
 *
 * <p>Thread safety: the installed functions keep no state of their own; the logger and the
 * context supplier must be safe to call from the thread that runs the script.
 */
public final class MixLogLib {

    private static final String[] LEVELS = {"DEBUG", "INFO", "WARN", "ERROR"};

    private MixLogLib() {
    }

    /** Adds {@code mix.log} and the constants to {@code mix}, and the {@code mix_*} globals to {@code globals}. */
    public static void install(LuaTable mix, Globals globals, Logger logger, Supplier<String> context) {
        NamedFunction log = NamedFunction.of("log", args -> log(args, logger, context));
        mix.set("log", log);
        globals.set("mix_log", log);
        for (String level : LEVELS) {
            LuaValue name = LuaValue.valueOf(level.toLowerCase(Locale.ROOT));
            mix.set(level, name);
            globals.set("mix_" + level, name);
        }
    }

    private static Varargs log(Varargs args, Logger logger, Supplier<String> context) {
        Level level = level(args);
        if (logger.isEnabledForLevel(level)) {
            logger.atLevel(level).log("{} {}", context.get(), text(args.arg(2)));
        }
        return LuaValue.NONE;
    }

    private static Level level(Varargs args) {
        String name = args.checkjstring(1).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> {
                LuaValue.argerror(1, "unknown log level '" + name + "' (expected: debug, info, warn or error)");
                yield Level.ERROR; // not reached: argerror throws
            }
        };
    }

    private static String text(LuaValue msg) {
        LuaValue handler = msg.metatag(LuaValue.TOSTRING);
        LuaValue shown = handler.isnil() ? msg : handler.call(msg);
        return shown.type() == LuaValue.TSTRING ? LuaText.toJava(shown.checkstring()) : shown.tojstring();
    }
}
