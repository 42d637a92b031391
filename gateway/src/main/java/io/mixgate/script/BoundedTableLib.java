package io.mixgate.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Replaces {@code table.concat}, {@code table.sort} and {@code table.unpack} (and the global
 * {@code unpack}) with versions bound to one callback's {@link CallBudget}:
 * <ul>
 * <li>{@code concat} adds up the length of the result first and refuses one over
 *     {@code script.maxStringBytes} ("string too large", catchable) before allocating it;</li>
 * <li>{@code sort} is a merge sort that counts every comparison as a step of work, so sorting a
 *     huge table cannot outlive the time budget (a comparator written in Lua is bounded by the
 *     instruction budget as well). It sorts a copy and writes the table back at the end, so a
 *     sort that fails (a bad comparator, an abort) leaves the table as it was. "invalid order
 *     function" is never raised: an inconsistent comparator gives some order;</li>
 * <li>{@code unpack} returns at most {@value BoundedStringLib#MAX_RESULTS} values ("too many
 *     results to unpack").</li>
 * </ul>
 *
 * <p>Thread safety: the installed functions share the budget of their VM and run on the thread
 * that owns it.
 */
final class BoundedTableLib {
    private final CallBudget budget;

    private BoundedTableLib(CallBudget budget) {
        this.budget = budget;
    }

    /** Replaces the functions above in {@code table} (and the global {@code unpack} when set). */
    static void install(LuaTable globals, LuaTable table, CallBudget budget) {
        BoundedTableLib lib = new BoundedTableLib(budget);
        table.set("concat", NamedFunction.of("concat", lib::concat));
        table.set("sort", NamedFunction.of("sort", lib::sort));
        LuaValue unpack = table.get("unpack");
        NamedFunction bounded = NamedFunction.of("unpack", a -> {
            LuaTable t = a.checktable(1);
            long i = a.optint(2, 1);
            long j = a.isnoneornil(3) ? t.length() : a.checkint(3);
            if (j - i >= BoundedStringLib.MAX_RESULTS) {
                throw new LuaError("too many results to unpack");
            }
            return unpack.invoke(a);
        });
        table.set("unpack", bounded);
        if (!globals.rawget("unpack").isnil()) {
            globals.set("unpack", bounded);
        }
    }

    private Varargs concat(Varargs args) {
        LuaTable t = args.checktable(1);
        LuaString sep = args.optstring(2, LuaValue.EMPTYSTRING);
        int i = args.optint(3, 1);
        int j = args.isnoneornil(4) ? t.length() : args.checkint(4);
        if (i > j) {
            return LuaValue.EMPTYSTRING;
        }
        long size = (long) sep.length() * ((long) j - i);
        for (long k = i; k <= j; k++) {
            budget.work(1);
            LuaValue v = t.get((int) k);
            if (!v.isstring()) {
                throw new LuaError("invalid value (at index " + k + ") in table for 'concat'");
            }
            size += v.strvalue().length();
            if (size > budget.maxStringBytes()) {
                budget.allocate(size); // raises "string too large"
            }
        }
        budget.allocate(size);
        byte[] bytes = new byte[(int) size];
        int at = 0;
        for (long k = i; k <= j; k++) {
            if (k > i) {
                sep.copyInto(0, bytes, at, sep.length());
                at += sep.length();
            }
            LuaString v = t.get((int) k).strvalue();
            v.copyInto(0, bytes, at, v.length());
            at += v.length();
        }
        return LuaString.valueUsing(bytes);
    }

    private Varargs sort(Varargs args) {
        LuaTable t = args.checktable(1);
        LuaValue comp = args.isnoneornil(2) ? null : args.checkfunction(2);
        int n = t.length();
        if (n < 2) {
            return LuaValue.NONE;
        }
        LuaValue[] a = new LuaValue[n];
        for (int k = 0; k < n; k++) {
            a[k] = t.get(k + 1);
        }
        LuaValue[] sorted = mergeSort(a, new LuaValue[n], comp);
        for (int k = 0; k < n; k++) {
            t.set(k + 1, sorted[k]);
        }
        return LuaValue.NONE;
    }

    /** Bottom-up merge sort using only "less than"; returns whichever array holds the result. */
    private LuaValue[] mergeSort(LuaValue[] a, LuaValue[] b, LuaValue comp) {
        int n = a.length;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int x = lo;
                int y = mid;
                for (int k = lo; k < hi; k++) {
                    if (x < mid && (y >= hi || !less(a[y], a[x], comp))) {
                        b[k] = a[x++];
                    } else {
                        b[k] = a[y++];
                    }
                }
            }
            LuaValue[] swap = a;
            a = b;
            b = swap;
        }
        return a;
    }

    private boolean less(LuaValue x, LuaValue y, LuaValue comp) {
        budget.work(1);
        return comp == null ? x.lt_b(y) : comp.call(x, y).toboolean();
    }
}
