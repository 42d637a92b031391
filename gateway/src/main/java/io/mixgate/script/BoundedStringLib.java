package io.mixgate.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Replaces the {@code string} functions that can run long or allocate much with versions bound
 * to one callback's {@link CallBudget}:
 * <ul>
 * <li>{@code find}, {@code match}, {@code gmatch} (and {@code gfind}) and {@code gsub} match with
 *     {@link LuaPattern}, which reports every matching step to the budget; a plain {@code find}
 *     counts its comparisons too;</li>
 * <li>{@code rep}, {@code gsub} and {@code format} refuse a result over {@code script.maxStringBytes}
 *     before building it ("string too large: N bytes (script.maxStringBytes M)", a Lua error the
 *     script may catch) and count what they build against {@code script.maxCallbackBytes};</li>
 * <li>{@code format} refuses widths and precisions of more than two digits, as Lua 5.1 does;</li>
 * <li>{@code byte} returns at most {@value #MAX_RESULTS} values ("string slice too long").</li>
 * </ul>
 * The other functions ({@code len}, {@code sub}, {@code upper}, ...) make at most one string the
 * size of their input and stay LuaJ's.
 *
 * <p>Thread safety: the installed functions share the budget of their VM and run on the thread
 * that owns it.
 */
final class BoundedStringLib {
    static final int MAX_RESULTS = 1_000_000;

    private final CallBudget budget;

    private BoundedStringLib(CallBudget budget) {
        this.budget = budget;
    }

    /** Replaces the functions above in {@code strings}, a VM's own {@code string} table. */
    static void install(LuaTable strings, CallBudget budget) {
        BoundedStringLib lib = new BoundedStringLib(budget);
        LuaValue format = strings.get("format");
        LuaValue byteFn = strings.get("byte");
        strings.set("find", NamedFunction.of("find", a -> lib.find(a, true)));
        strings.set("match", NamedFunction.of("match", a -> lib.find(a, false)));
        strings.set("gmatch", NamedFunction.of("gmatch", lib::gmatch));
        strings.set("gfind", strings.get("gmatch"));
        strings.set("gsub", NamedFunction.of("gsub", lib::gsub));
        strings.set("rep", NamedFunction.of("rep", lib::rep));
        strings.set("format", NamedFunction.of("format", a -> lib.format(format, a)));
        strings.set("byte", NamedFunction.of("byte", a -> {
            int len = a.checkstring(1).length();
            int i = position(a.optint(2, 1), len);
            int j = position(a.optint(3, i), len);
            if ((long) Math.min(j, len) - Math.max(i, 1) >= MAX_RESULTS) {
                throw new LuaError("string slice too long");
            }
            return byteFn.invoke(a);
        }));
    }

    private static int position(int pos, int len) {
        return pos < 0 ? Math.max(0, len + pos + 1) : pos;
    }

    private Varargs find(Varargs args, boolean find) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        int len = s.length();
        int init = position(args.optint(3, 1), len) - 1;
        if (init < 0) {
            init = 0;
        } else if (init > len) {
            return LuaValue.NIL;
        }
        if (find && (args.arg(4).toboolean() || LuaPattern.isPlain(p))) {
            int at = plainFind(s, p, init);
            return at < 0 ? LuaValue.NIL : LuaValue.varargsOf(LuaValue.valueOf(at + 1), LuaValue.valueOf(at + p.length()));
        }
        LuaPattern m = new LuaPattern(s, p, budget);
        boolean anchor = p.length() > 0 && p.luaByte(0) == '^';
        int start = anchor ? 1 : 0;
        for (int at = init; at <= len; at++) {
            int e = m.matchAt(at, start);
            if (e != -1) {
                return find
                        ? LuaValue.varargsOf(LuaValue.valueOf(at + 1), LuaValue.valueOf(e), m.captures(false, at, e))
                        : m.captures(true, at, e);
            }
            if (anchor) {
                break;
            }
        }
        return LuaValue.NIL;
    }

    private int plainFind(LuaString s, LuaString p, int from) {
        int n = p.length();
        int last = s.length() - n;
        for (int at = from; at <= last; at++) {
            int k = 0;
            while (k < n && s.luaByte(at + k) == p.luaByte(k)) {
                k++;
            }
            budget.work(k + 1);
            if (k == n) {
                return at;
            }
        }
        return -1;
    }

    private Varargs gmatch(Varargs args) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        int[] position = {0};
        return NamedFunction.of("gmatch_iterator", ignored -> {
            LuaPattern m = new LuaPattern(s, p, budget);
            for (int at = position[0]; at <= s.length(); at++) {
                int e = m.matchAt(at, 0);
                if (e != -1) {
                    position[0] = e == at ? e + 1 : e;
                    return m.captures(true, at, e);
                }
            }
            position[0] = s.length() + 1;
            return LuaValue.NIL;
        });
    }

    private Varargs gsub(Varargs args) {
        LuaString s = args.checkstring(1);
        LuaString p = args.checkstring(2);
        LuaValue repl = args.arg(3);
        int type = repl.type();
        if (type != LuaValue.TNUMBER && type != LuaValue.TSTRING && type != LuaValue.TTABLE
                && type != LuaValue.TFUNCTION) {
            throw new LuaError("bad argument #3 to 'gsub' (string/function/table expected, got " + repl.typename() + ")");
        }
        int len = s.length();
        int maxN = args.optint(4, len + 1);
        boolean anchor = p.length() > 0 && p.luaByte(0) == '^';
        int start = anchor ? 1 : 0;
        LuaPattern m = new LuaPattern(s, p, budget);
        BoundedBytes out = new BoundedBytes(budget);
        int at = 0;
        int n = 0;
        while (n < maxN) {
            int e = m.matchAt(at, start);
            if (e != -1) {
                n++;
                addValue(out, m, at, e, repl);
            }
            if (e != -1 && e > at) {
                at = e;
            } else if (at < len) {
                out.add(s, at, at + 1);
                at++;
            } else {
                break;
            }
            if (anchor) {
                break;
            }
        }
        out.add(s, at, len);
        return LuaValue.varargsOf(out.toLuaString(), LuaValue.valueOf(n));
    }

    private void addValue(BoundedBytes out, LuaPattern m, int s, int e, LuaValue repl) {
        LuaValue value;
        switch (repl.type()) {
            case LuaValue.TSTRING, LuaValue.TNUMBER -> {
                addString(out, m, s, e, repl.checkstring());
                return;
            }
            case LuaValue.TTABLE -> value = repl.get(m.capture(0, s, e));
            default -> value = repl.invoke(m.captures(true, s, e)).arg1();
        }
        if (!value.toboolean()) {
            out.addMatch(m, s, e); // false or nil keeps the original text
        } else if (value.isstring()) {
            LuaString v = value.checkstring();
            out.add(v, 0, v.length());
        } else {
            throw new LuaError("invalid replacement value (a " + value.typename() + ")");
        }
    }

    private void addString(BoundedBytes out, LuaPattern m, int s, int e, LuaString r) {
        int l = r.length();
        for (int i = 0; i < l; i++) {
            int c = r.luaByte(i);
            if (c != '%' || i + 1 >= l) {
                out.add(r, i, i + 1);
                continue;
            }
            c = r.luaByte(++i);
            if (c < '0' || c > '9') {
                out.add(r, i, i + 1);
            } else if (c == '0') {
                out.addMatch(m, s, e);
            } else {
                LuaString v = m.capture(c - '1', s, e).checkstring();
                out.add(v, 0, v.length());
            }
        }
    }

    private Varargs rep(Varargs args) {
        LuaString s = args.checkstring(1);
        int n = args.checkint(2);
        LuaString sep = args.optstring(3, LuaValue.EMPTYSTRING);
        if (n <= 0) {
            return LuaValue.EMPTYSTRING;
        }
        long size = (long) s.length() * n + (long) sep.length() * (n - 1);
        budget.allocate(size);
        byte[] bytes = new byte[(int) size];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sep.copyInto(0, bytes, at, sep.length());
                at += sep.length();
            }
            s.copyInto(0, bytes, at, s.length());
            at += s.length();
        }
        return LuaString.valueUsing(bytes);
    }

    /**
     * Bounds the result before LuaJ's {@code format} builds it: each directive adds at most its
     * width or precision (two digits) plus its argument (a {@code %q} string may double) or a
     * number's text.
     */
    private Varargs format(LuaValue luajFormat, Varargs args) {
        LuaString f = args.checkstring(1);
        long bound = f.length();
        int arg = 2;
        for (int i = 0; i < f.length(); i++) {
            if (f.luaByte(i) != '%') {
                continue;
            }
            if (++i < f.length() && f.luaByte(i) == '%') {
                continue;
            }
            while (i < f.length() && "-+ #0".indexOf(f.luaByte(i)) >= 0) {
                i++;
            }
            int digits = 0;
            while (i < f.length() && Character.isDigit(f.luaByte(i))) {
                i++;
                digits++;
            }
            if (i < f.length() && f.luaByte(i) == '.') {
                i++;
                int precision = 0;
                while (i < f.length() && Character.isDigit(f.luaByte(i))) {
                    i++;
                    precision++;
                }
                digits = Math.max(digits, precision);
            }
            if (digits > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            LuaValue v = args.arg(arg++);
            bound += 100 + (v.isstring() && v.type() == LuaValue.TSTRING ? 2L * v.checkstring().length() + 2 : 64);
        }
        if (bound > budget.maxStringBytes()) {
            budget.allocate(bound); // raises "string too large"
        }
        LuaValue result = luajFormat.invoke(args).arg1();
        budget.allocate(result.checkstring().length());
        return result;
    }
}
