package io.mixgate.script;

import java.math.BigInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Converts between Lua values and the integers, floats and byte strings of PHP's
 * {@code pack()}/{@code unpack()}.
 *
 * <p>Lua 5.1 numbers are doubles, exact only up to 2^53. An integer argument may therefore be
 * a number (truncated toward zero, as PHP converts a float) or a string of decimal digits (exact
 * over the whole 64-bit range, {@code -2^63 .. 2^64-1}); other numeric strings ({@code "1.5"},
 * {@code "0x10"}) are read as Lua's {@code tonumber} reads them. A 64-bit value that
 * {@code unpack} reads is a number when it is within ±2^53 and its decimal string otherwise, so
 * nothing is rounded; such a string packs back to the same bytes.
 *
 * <p>Where PHP quietly writes 0 (NaN, infinities, values beyond 64 bits, text that is not a
 * number) these methods refuse the argument instead.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class PhpPackValues {
    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;
    private static final long EXACT = 1L << 53;
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private PhpPackValues() {
    }

    /** The 64 bits of integer argument number {@code index} (counting {@code fmt} as 1) of code {@code code}. */
    static long integer(LuaValue value, char code, int index) throws PhpPackException {
        if (value.type() == LuaValue.TSTRING) {
            String text = value.tojstring().strip();
            if (text.matches("[+-]?[0-9]+")) {
                BigInteger exact = new BigInteger(text);
                if (exact.compareTo(MIN) < 0 || exact.compareTo(MAX_UNSIGNED) > 0) {
                    throw PhpPackException.of(code, "argument " + index + " out of the 64-bit range: " + text);
                }
                return exact.longValue();
            }
        }
        double d = number(value, code, index);
        if (Double.isNaN(d) || d < -TWO_63 || d >= TWO_64) {
            throw PhpPackException.of(code, "argument " + index + " out of the 64-bit range: " + value.tojstring());
        }
        return d >= TWO_63 ? (long) (d - TWO_63) ^ Long.MIN_VALUE : (long) d;
    }

    /** Argument number {@code index} as a float or double for code {@code code}. */
    static double number(LuaValue value, char code, int index) throws PhpPackException {
        LuaValue n = value.tonumber();
        if (n.isnil()) {
            throw PhpPackException.of(code, "argument " + index + " is not a number: "
                    + (value.type() == LuaValue.TSTRING ? "\"" + value.tojstring() + "\"" : value.typename()));
        }
        return n.todouble();
    }

    /** Argument number {@code index} as bytes for code {@code code}: a string, or a number's Lua text. */
    static LuaString bytes(LuaValue value, char code, int index) throws PhpPackException {
        if (!value.isstring()) {
            throw PhpPackException.of(code, "argument " + index + " is not a string: " + value.typename());
        }
        return value.checkstring();
    }

    /** A 64-bit integer as Lua sees it: a number within ±2^53, its decimal string beyond. */
    static LuaValue int64(long v) {
        return v >= -EXACT && v <= EXACT ? LuaValue.valueOf((double) v) : LuaValue.valueOf(Long.toString(v));
    }

    /**
     * The Lua key PHP's array would use for {@code key}: a number when the key is an integer in
     * PHP's canonical form ({@code "0"}, {@code "12"}, {@code "-3"}; not {@code "012"}), else the string.
     */
    static LuaValue key(String key) {
        if (isCanonicalInteger(key)) {
            long n = Long.parseLong(key);
            if (n >= -EXACT && n <= EXACT) {
                return LuaValue.valueOf((double) n);
            }
        }
        return LuaString.valueOf(key.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** {@code 0}, or an optional {@code -} and 1..16 digits without a leading zero. */
    private static boolean isCanonicalInteger(String key) {
        int start = key.startsWith("-") ? 1 : 0;
        int digits = key.length() - start;
        if (digits < 1 || digits > 16 || (key.charAt(start) == '0' && (digits > 1 || start == 1))) {
            return false;
        }
        for (int i = start; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
