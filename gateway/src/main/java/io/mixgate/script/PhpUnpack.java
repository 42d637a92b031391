package io.mixgate.script;

import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * PHP's {@code unpack()}: reads a binary string into a table by a format such as
 * {@code "nlen/a*data"} (see {@link PhpPackFormat}, {@link PhpNumberCode}).
 *
 * <p>Keys are PHP's: the part's name, followed by the value's index (1, 2, ...) when the part's
 * repeater is more than 1 or {@code *}; a part without a name gives the indexes alone, which
 * (like every key that is a canonical integer in PHP) are Lua numbers. A later value with the
 * same key replaces the earlier one. {@code a} keeps its bytes, {@code A} strips trailing
 * spaces, tabs, CR, LF and NULs, {@code Z} stops at the first NUL, {@code h}/{@code H} give hex
 * digits; for these the count is the length in bytes (nibbles for {@code h}/{@code H}) and
 * {@code *} is the rest of the input ({@code h*}/{@code H*}, as in PHP, then leave the position
 * one byte before where they started, so they belong at the end of a format). Numbers: see {@link PhpNumberCode} and, for 64-bit
 * values, {@link PhpPackValues#int64}.
 *
 * <p>Where PHP warns (input too short, {@code X} before the start, {@code @} past the end,
 * {@code *} on {@code X}/{@code @}, an unknown code) this throws {@link PhpPackException}
 * instead. At most {@value BoundedStringLib#MAX_RESULTS} values are read, as
 * {@code string.byte} and {@code unpack} allow.
 *
 * <p>Thread safety: stateless; the budget passed in belongs to the calling VM.
 */
final class PhpUnpack {
    private PhpUnpack() {
    }

    /**
     * Unpacks {@code data} from byte {@code offset} by {@code format}.
     *
     * @param budget the calling callback's budget: hex strings count against it, each value is a step of work
     */
    static LuaTable unpack(String format, LuaString data, int offset, CallBudget budget) throws PhpPackException {
        List<PhpPackFormat.Part> parts = PhpPackFormat.forUnpack(format);
        byte[] in = data.m_bytes;
        int base = data.m_offset + offset;
        int length = data.m_length - offset;
        int pos = 0;
        int values = 0;
        LuaTable result = new LuaTable();
        for (PhpPackFormat.Part part : parts) {
            char code = part.code();
            int count = part.count();
            int size;
            int repeat = count;
            switch (code) {
                case 'X', '@' -> {
                    if (part.star()) {
                        throw PhpPackException.of(code, "'*' is not allowed here (PHP ignores it)");
                    }
                    size = 0;
                }
                case 'a', 'A', 'Z' -> {
                    size = count;
                    repeat = 1;
                }
                case 'h', 'H' -> {
                    size = part.star() ? PhpPackFormat.STAR : (int) ((count + 1L) / 2);
                    repeat = 1;
                }
                case 'x' -> size = 1;
                default -> {
                    PhpNumberCode number = PhpNumberCode.of(code);
                    if (number == null) {
                        throw new PhpPackException("Invalid format type " + PhpPackException.printable(code));
                    }
                    size = number.width;
                }
            }
            if (code == '@') {
                if (count > length) {
                    throw PhpPackException.of(code, "outside of string");
                }
                if (count > 0) {
                    pos = count; // PHP's loop runs count times: "@0" moves nowhere
                }
                continue;
            }
            if (code == 'X') {
                if (count > pos) {
                    throw PhpPackException.of(code, "outside of string");
                }
                pos -= count;
                continue;
            }
            for (int i = 0; i != repeat; i++) {
                int need = size == PhpPackFormat.STAR ? 0 : size;
                if ((long) pos + need > length) {
                    if (repeat == PhpPackFormat.STAR) {
                        break; // '*' reads until the input ends
                    }
                    throw PhpPackException.of(code, "not enough input, need " + need + ", have " + (length - pos));
                }
                if (code == 'x') {
                    pos += 1;
                    continue;
                }
                if (++values > BoundedStringLib.MAX_RESULTS) {
                    throw new PhpPackException("php_unpack: more than " + BoundedStringLib.MAX_RESULTS + " values");
                }
                budget.work(1);
                int take = size == PhpPackFormat.STAR ? length - pos : Math.min(size, length - pos);
                LuaValue value = switch (code) {
                    case 'a' -> LuaString.valueOf(in, base + pos, take);
                    case 'A' -> LuaString.valueOf(in, base + pos, stripped(in, base + pos, take));
                    case 'Z' -> LuaString.valueOf(in, base + pos, untilNul(in, base + pos, take));
                    case 'h', 'H' -> hex(code, in, base + pos, take * 2 - (count > 0 ? count % 2 : 0), budget);
                    default -> number(PhpNumberCode.of(code), in, base + pos);
                };
                if (code == 'a' || code == 'A' || code == 'Z') {
                    size = take;
                }
                result.set(key(part.name(), repeat != 1 || part.name().isEmpty() ? i + 1 : 0), value);
                // PHP's quirk, kept: h* and H* do not move past what they read, but one byte back
                pos = Math.max(0, pos + size);
            }
        }
        return result;
    }

    /** PHP's key: {@code name}, with {@code index} appended unless it is 0. */
    private static LuaValue key(String name, int index) {
        if (name.isEmpty()) {
            return LuaValue.valueOf(index);
        }
        return PhpPackValues.key(index == 0 ? name : name + index);
    }

    private static int stripped(byte[] in, int from, int len) {
        while (len > 0) {
            byte b = in[from + len - 1];
            if (b != 0 && b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                break;
            }
            len--;
        }
        return len;
    }

    private static int untilNul(byte[] in, int from, int len) {
        for (int s = 0; s < len; s++) {
            if (in[from + s] == 0) {
                return s;
            }
        }
        return len;
    }

    private static LuaValue hex(char code, byte[] in, int from, int digits, CallBudget budget) throws PhpPackException {
        digits = Math.max(0, digits);
        if (digits > budget.maxStringBytes()) {
            throw new PhpPackException("php_unpack: " + CallBudget.tooLarge(digits, budget.maxStringBytes()));
        }
        budget.allocate(digits);
        byte[] out = new byte[digits];
        boolean lowFirst = code == 'h';
        for (int k = 0; k < digits; k++) {
            int b = in[from + k / 2];
            int n = ((k % 2 == 0) == lowFirst ? b : b >> 4) & 0xf;
            out[k] = (byte) Character.forDigit(n, 16);
        }
        return LuaString.valueUsing(out);
    }

    private static LuaValue number(PhpNumberCode number, byte[] in, int at) {
        long bits = number.read(in, at);
        return switch (number.kind) {
            case SIGNED -> PhpPackValues.int64(bits << (64 - 8 * number.width) >> (64 - 8 * number.width));
            case UNSIGNED -> LuaValue.valueOf((double) bits);
            case FLOAT -> LuaValue.valueOf((double) Float.intBitsToFloat((int) bits));
            case DOUBLE -> LuaValue.valueOf(Double.longBitsToDouble(bits));
        };
    }
}
