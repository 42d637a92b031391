package io.mixgate.script;

import java.util.Arrays;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.Varargs;

/**
 * PHP's {@code pack()}: packs Lua values into a binary string by a format such as
 * {@code "nvc*"} (see {@link PhpPackFormat}, {@link PhpNumberCode}).
 *
 * <p>Codes: {@code a} NUL-padded and {@code A} space-padded strings, {@code Z} NUL-padded and
 * NUL-terminated, {@code h}/{@code H} hex digits low/high nibble first (the count is in nibbles),
 * the numeric codes of {@link PhpNumberCode} (the count is the number of arguments),
 * {@code x} a NUL byte, {@code X} one byte back, {@code @} NUL-fill or cut to an absolute
 * position. {@code *} takes the whole string, or every remaining argument.
 *
 * <p>The output size is worked out from the format and the arguments before anything is
 * allocated, and refused over {@code script.maxStringBytes}. Every case where PHP warns or
 * throws (unknown code, too few or unused arguments, a bad hex digit, {@code X} before the
 * start, {@code *} on {@code x}/{@code X}/{@code @}) is a {@link PhpPackException}.
 *
 * <p>Thread safety: stateless; the budget passed in belongs to the calling VM.
 */
final class PhpPack {
    private PhpPack() {
    }

    /**
     * Packs {@code args.arg(first)} onwards by {@code format}.
     *
     * @param format the format, one ISO-8859-1 character per byte
     * @param budget the calling callback's budget: the output counts against it
     * @return the packed bytes, owned by the caller
     */
    static byte[] pack(String format, Varargs args, int first, CallBudget budget) throws PhpPackException {
        List<PhpPackFormat.Part> parts = PhpPackFormat.forPack(format);
        int[] counts = new int[parts.size()];
        long size = plan(parts, counts, args, first);
        if (size > budget.maxStringBytes()) {
            throw new PhpPackException("php_pack: " + CallBudget.tooLarge(size, budget.maxStringBytes()));
        }
        budget.allocate(size);
        byte[] out = new byte[(int) size];
        int pos = 0;
        int arg = first;
        for (int k = 0; k < counts.length; k++) {
            char code = parts.get(k).code();
            int count = counts[k];
            switch (code) {
                case 'a', 'A', 'Z' -> {
                    LuaString s = args.arg(arg++).checkstring();
                    Arrays.fill(out, pos, pos + count, code == 'A' ? (byte) ' ' : 0);
                    int copy = Math.min(s.length(), code == 'Z' ? Math.max(0, count - 1) : count);
                    s.copyInto(0, out, pos, copy);
                    pos += count;
                }
                case 'h', 'H' -> {
                    pos = hex(code, args.arg(arg++).checkstring(), count, out, pos);
                }
                case 'x' -> {
                    Arrays.fill(out, pos, pos + count, (byte) 0);
                    pos += count;
                }
                case 'X' -> pos -= count;
                case '@' -> {
                    if (count > pos) {
                        Arrays.fill(out, pos, count, (byte) 0);
                    }
                    pos = count;
                }
                default -> {
                    PhpNumberCode number = PhpNumberCode.of(code);
                    for (int j = 0; j < count; j++, arg++) {
                        number.write(bits(number, args, arg), out, pos);
                        pos += number.width;
                    }
                }
            }
        }
        return pos == out.length ? out : Arrays.copyOf(out, pos);
    }

    /**
     * Checks the codes and the arguments they take, resolves {@code *} into {@code counts} and
     * returns the largest position the output reaches, as PHP's first pass does.
     */
    private static long plan(List<PhpPackFormat.Part> parts, int[] counts, Varargs args, int first)
            throws PhpPackException {
        int last = args.narg();
        int arg = first;
        long pos = 0;
        long size = 0;
        for (int k = 0; k < parts.size(); k++) {
            PhpPackFormat.Part part = parts.get(k);
            char code = part.code();
            long count = part.count();
            switch (code) {
                case 'x', 'X', '@' -> {
                    if (part.star()) {
                        throw PhpPackException.of(code, "'*' is not allowed here (PHP ignores it)");
                    }
                }
                case 'a', 'A', 'Z', 'h', 'H' -> {
                    if (arg > last) {
                        throw PhpPackException.of(code, "not enough arguments");
                    }
                    int length = PhpPackValues.bytes(args.arg(arg), code, arg).length();
                    if (part.star()) {
                        count = code == 'Z' ? length + 1L : length;
                    } else if ((code == 'h' || code == 'H') && count > length) {
                        throw PhpPackException.of(code, "not enough characters in string");
                    }
                    arg++;
                }
                default -> {
                    if (PhpNumberCode.of(code) == null) {
                        throw PhpPackException.of(code, "unknown format code");
                    }
                    if (part.star()) {
                        count = Math.max(0, last - arg + 1);
                    }
                    if (arg + count - 1 > last) {
                        throw PhpPackException.of(code, "too few arguments");
                    }
                    arg += (int) count;
                }
            }
            counts[k] = (int) count;
            switch (code) {
                case 'h', 'H' -> pos += (count + 1) / 2;
                case 'a', 'A', 'Z', 'x' -> pos += count;
                case 'X' -> {
                    if (count > pos) {
                        throw PhpPackException.of(code, "outside of string");
                    }
                    pos -= count;
                }
                case '@' -> pos = count;
                default -> pos += count * PhpNumberCode.of(code).width;
            }
            size = Math.max(size, pos);
        }
        if (arg <= last) {
            throw new PhpPackException((last - arg + 1) + " arguments unused");
        }
        return size;
    }

    /** Writes {@code count} hex digits of {@code s} from {@code pos}; returns the position after them. */
    private static int hex(char code, LuaString s, int count, byte[] out, int pos) throws PhpPackException {
        boolean lowFirst = code == 'h';
        for (int k = 0; k < count; k++) {
            int c = s.luaByte(k);
            int n = Character.digit(c, 16);
            if (n < 0 || c > 'f') {
                throw PhpPackException.of(code, "illegal hex digit " + PhpPackException.printable((char) c));
            }
            int at = pos + k / 2;
            boolean low = (k % 2 == 0) == lowFirst;
            out[at] = (byte) (k % 2 == 0 ? 0 : out[at]);
            out[at] |= (byte) (low ? n : n << 4);
        }
        return pos + (count + 1) / 2;
    }

    private static long bits(PhpNumberCode number, Varargs args, int arg) throws PhpPackException {
        return switch (number.kind) {
            case FLOAT -> Float.floatToRawIntBits((float) PhpPackValues.number(args.arg(arg), number.code, arg));
            case DOUBLE -> Double.doubleToRawLongBits(PhpPackValues.number(args.arg(arg), number.code, arg));
            default -> PhpPackValues.integer(args.arg(arg), number.code, arg);
        };
    }
}
