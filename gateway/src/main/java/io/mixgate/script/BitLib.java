package io.mixgate.script;

import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The global {@code bit} table of LuaBitOp (http://bitop.luajit.org/api.html), which CONNMIX's
 * Lua 5.1 runtime ships: {@code tobit, tohex, bnot, band, bor, bxor, lshift, rshift, arshift,
 * rol, ror, bswap}.
 *
 * <p>As in LuaBitOp, arguments are numbers (or numeric strings) rounded to an integer and
 * reduced modulo 2^32, and every result is a <em>signed</em> 32-bit number:
 * {@code bit.tobit(0xffffffff) == -1}. Shift counts use their low five bits.
 * {@code bit.tohex(x [, n])} gives {@code n} (default 8, at most 8) lowercase hex digits, or
 * {@code -n} uppercase digits when {@code n} is negative.
 *
 * <p>Thread safety: the installed functions keep no state.
 */
public final class BitLib {

    private BitLib() {
    }

    /**
     * Sets the global {@code bit} and registers it as the loaded module {@code "bit"}, so that
     * {@code local bit = require "bit"} (as CONNMIX's published protocol modules write) returns it.
     */
    public static void install(Globals globals) {
        LuaTable bit = new LuaTable();
        bit.set("tobit", unary("tobit", x -> x));
        bit.set("bnot", unary("bnot", x -> ~x));
        bit.set("bswap", unary("bswap", Integer::reverseBytes));
        bit.set("band", fold("band", (a, b) -> a & b));
        bit.set("bor", fold("bor", (a, b) -> a | b));
        bit.set("bxor", fold("bxor", (a, b) -> a ^ b));
        bit.set("lshift", binary("lshift", (x, n) -> x << n));
        bit.set("rshift", binary("rshift", (x, n) -> x >>> n));
        bit.set("arshift", binary("arshift", (x, n) -> x >> n));
        bit.set("rol", binary("rol", Integer::rotateLeft));
        bit.set("ror", binary("ror", Integer::rotateRight));
        bit.set("tohex", NamedFunction.of("tohex", BitLib::tohex));
        globals.set("bit", bit);
        LuaValue packageLib = globals.get("package");
        if (packageLib.istable()) {
            packageLib.get("loaded").set("bit", bit);
        }
    }

    /**
     * LuaBitOp's argument conversion: round to nearest (ties to even, as adding 2^52+2^51
     * does), then keep the low 32 bits. NaN and infinities give 0.
     */
    static int toBit(double d) {
        double rounded = Math.rint(d) % 0x1p32; // exact; keeps the value within long range
        return (int) (long) rounded;
    }

    private static int arg(Varargs args, int i) {
        return toBit(args.checkdouble(i));
    }

    private static NamedFunction unary(String name, IntUnaryOperator op) {
        return NamedFunction.of(name, a -> LuaValue.valueOf(op.applyAsInt(arg(a, 1))));
    }

    private static NamedFunction binary(String name, IntBinaryOperator op) {
        // shifts and rotates use the count's low five bits; Java's operators do the same
        return NamedFunction.of(name, a -> LuaValue.valueOf(op.applyAsInt(arg(a, 1), arg(a, 2) & 31)));
    }

    private static NamedFunction fold(String name, IntBinaryOperator op) {
        return NamedFunction.of(name, a -> {
            int result = arg(a, 1);
            for (int i = 2; i <= a.narg(); i++) {
                result = op.applyAsInt(result, arg(a, i));
            }
            return LuaValue.valueOf(result);
        });
    }

    private static Varargs tohex(Varargs args) {
        int value = arg(args, 1);
        int n = args.isnoneornil(2) ? 8 : arg(args, 2);
        String digits = "0123456789abcdef";
        if (n < 0) {
            n = -n;
            digits = "0123456789ABCDEF";
        }
        n = Math.min(n, 8); // n == Integer.MIN_VALUE stays negative: no digits, as in LuaBitOp
        char[] out = new char[Math.max(n, 0)];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = digits.charAt(value & 15);
            value >>>= 4;
        }
        return LuaValue.valueOf(new String(out));
    }
}
