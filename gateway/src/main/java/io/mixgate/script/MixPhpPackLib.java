package io.mixgate.script;

import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * CONNMIX's binary-protocol helpers with PHP's {@code pack()}/{@code unpack()} semantics:
 * <ul>
 *   <li>{@code s,err = mix.php_pack(fmt, ...)} — see {@link PhpPack};</li>
 *   <li>{@code tb,err = mix.php_unpack(fmt, data [, offset])} — see {@link PhpUnpack}; {@code offset}
 *       (default 0) is where in {@code data} to start, {@code 0..#data}.</li>
 * </ul>
 * Bad formats, arguments or data return {@code nil, err} and never raise; a {@code fmt} or
 * {@code data} that is not a string raises Lua's usual "bad argument" error. Results count
 * against the callback's {@link CallBudget} ({@code script.maxStringBytes},
 * {@code script.maxCallbackBytes}).
 *
 * <p>Thread safety: the installed functions keep no state; call them only from the thread that
 * owns the Lua VM whose budget they were given.
 */
final class MixPhpPackLib {
    private MixPhpPackLib() {
    }

    /** Adds {@code php_pack} and {@code php_unpack} to {@code mix}; what they make counts against {@code budget}. */
    static void install(LuaTable mix, CallBudget budget) {
        mix.set("php_pack", NamedFunction.of("php_pack", a -> pack(a, budget)));
        mix.set("php_unpack", NamedFunction.of("php_unpack", a -> unpack(a, budget)));
    }

    private static Varargs pack(Varargs args, CallBudget budget) {
        String format = latin1(args.checkstring(1));
        try {
            return LuaString.valueUsing(PhpPack.pack(format, args, 2, budget));
        } catch (PhpPackException e) {
            return NamedFunction.failure(e.getMessage());
        }
    }

    private static Varargs unpack(Varargs args, CallBudget budget) {
        String format = latin1(args.checkstring(1));
        LuaString data = args.checkstring(2);
        LuaValue offsetArg = args.arg(3);
        int offset = 0;
        if (!offsetArg.isnil()) {
            double o = args.checkdouble(3);
            if (o < 0 || o > data.length() || o != Math.rint(o)) {
                return NamedFunction.failure("offset " + offsetArg.tojstring() + " is out of input range (0.."
                        + data.length() + ")");
            }
            offset = (int) o;
        }
        try {
            return PhpUnpack.unpack(format, data, offset, budget);
        } catch (PhpPackException e) {
            return NamedFunction.failure(e.getMessage());
        }
    }

    private static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }
}
