package io.mixgate.script;

import io.mixgate.market.BookDiff;
import io.mixgate.market.Decimals;
import io.mixgate.market.DepthUpdate;
import io.mixgate.market.PriceLevel;
import io.mixgate.market.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Reads the Lua arguments of the {@code mix.market} bindings: decimals given as strings (or as
 * numbers, taken exactly from their text form, the one {@code mix.json_encode} writes: 0.1 is
 * "0.1"), levels as {@code {{price, qty}, ...}}, trades and depth updates in Binance's field
 * names, and options with their defaults and bounds. Every error names the field and the value
 * and is thrown as {@link IllegalArgumentException}, which the bindings turn into
 * {@code nil, err}.
 *
 * <p>Thread safety: stateless.
 */
final class MarketArgs {
    private MarketArgs() {
    }

    static BigDecimal decimal(String what, LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(what + ": " + d + " (expected: a finite decimal)");
            }
            return new BigDecimal(GoNumberFormat.format(d));
        }
        if (v.type() == LuaValue.TSTRING) {
            return Decimals.parse(what, v.tojstring());
        }
        throw new IllegalArgumentException(what + ": " + describe(v) + " (expected: a decimal string such as \"0.5\")");
    }

    static BigDecimal positive(String what, LuaValue v) {
        BigDecimal d = decimal(what, v);
        if (d.signum() <= 0) {
            throw new IllegalArgumentException(what + ": " + Decimals.text(d) + " (expected: > 0)");
        }
        return d;
    }

    /** An integer (ms, ids) given as a Lua number or a string of digits. */
    static long integer(String what, LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            double d = v.todouble();
            if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
                throw new IllegalArgumentException(what + ": " + GoNumberFormat.format(d) + " (expected: an integer)");
            }
            return (long) d;
        }
        if (v.type() == LuaValue.TSTRING && v.tojstring().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.tojstring());
        }
        throw new IllegalArgumentException(what + ": " + describe(v) + " (expected: an integer)");
    }

    static LuaTable table(String what, LuaValue v) {
        if (!v.istable()) {
            throw new IllegalArgumentException(what + ": " + describe(v) + " (expected: a table)");
        }
        return (LuaTable) v;
    }

    /** {@code {{price, qty}, ...}}, at most {@code max} entries. */
    static List<PriceLevel> levels(String what, LuaValue v, int max) {
        if (v.isnil()) {
            return List.of();
        }
        LuaTable t = table(what, v);
        int n = t.length();
        if (n > max) {
            throw new IllegalArgumentException("max_levels (" + max + ") exceeded: " + what + " has " + n + " levels");
        }
        List<PriceLevel> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaTable level = table(what + "[" + i + "]", t.get(i));
            String name = what + "[" + i + "]";
            BigDecimal price = positive(name + ".price", level.get(1));
            BigDecimal qty = decimal(name + ".quantity", level.get(2));
            if (qty.signum() < 0) {
                throw new IllegalArgumentException(name + ".quantity: " + Decimals.text(qty) + " (expected: >= 0)");
            }
            out.add(new PriceLevel(price, qty));
        }
        return out;
    }

    /** A Binance {@code depthUpdate}: {@code {U=, u=, pu=, b={...}, a={...}}} (ids optional under rules "none"). */
    static DepthUpdate update(LuaValue v, int maxLevels) {
        LuaTable t = table("update", v);
        return new DepthUpdate(optionalId(t, "U"), optionalId(t, "u"), optionalId(t, "pu"),
                levels("update.b", t.get("b"), maxLevels), levels("update.a", t.get("a"), maxLevels));
    }

    /** A diff as {@code book:diff} answers it: {@code {U=, u=, pu=, b={...}, a={...}}}, ids required. */
    static BookDiff diff(String what, LuaValue v, int maxLevels) {
        LuaTable t = table(what, v);
        long first = integer(what + ".U", t.get("U"));
        long last = integer(what + ".u", t.get("u"));
        if (first > last) {
            throw new IllegalArgumentException(what + ": U " + first + " > u " + last + " (expected: U <= u)");
        }
        return new BookDiff(first, last, integer(what + ".pu", t.get("pu")),
                levels(what + ".b", t.get("b"), maxLevels), levels(what + ".a", t.get("a"), maxLevels));
    }

    static long optionalId(LuaTable t, String key) {
        LuaValue v = t.get(key);
        return v.isnil() ? DepthUpdate.NO_ID : integer(key, v);
    }

    /**
     * A trade as Binance sends it: {@code p}, {@code q}, {@code T} (ms), {@code m} (buyer is
     * maker) or {@code side} ("buy"/"sell", the taker's), and ids {@code f}/{@code l} (an
     * aggTrade) or {@code t} (one trade).
     */
    static Trade trade(LuaValue v) {
        LuaTable t = table("trade", v);
        long first;
        long last;
        if (!t.get("f").isnil() || !t.get("l").isnil()) {
            first = integer("trade.f", t.get("f"));
            last = integer("trade.l", t.get("l"));
        } else {
            first = last = integer("trade.t", t.get("t"));
        }
        boolean buyerMaker;
        LuaValue side = t.get("side");
        if (!side.isnil()) {
            String s = side.tojstring();
            if (!s.equals("buy") && !s.equals("sell")) {
                throw new IllegalArgumentException("trade.side: " + describe(side) + " (expected: \"buy\" or \"sell\")");
            }
            buyerMaker = s.equals("sell");
        } else if (t.get("m").isboolean()) {
            buyerMaker = t.get("m").toboolean();
        } else {
            throw new IllegalArgumentException("trade.m: " + describe(t.get("m")) + " (expected: a boolean, or give side)");
        }
        return new Trade(first, last, positive("trade.p", t.get("p")), positive("trade.q", t.get("q")), buyerMaker,
                integer("trade.T", t.get("T")));
    }

    /** {@code opts[key]} as an int in {@code min..max}, {@code dflt} when absent. */
    static int option(LuaTable opts, String key, int dflt, int min, int max) {
        long v = longOption(opts, key, dflt, min, max);
        return (int) v;
    }

    static long longOption(LuaTable opts, String key, long dflt, long min, long max) {
        LuaValue v = opts.get(key);
        if (v.isnil()) {
            return dflt;
        }
        long n = integer("opts." + key, v);
        if (n < min || n > max) {
            throw new IllegalArgumentException("opts." + key + ": " + n + " (expected: " + min + ".." + max + ")");
        }
        return n;
    }

    static String stringOption(LuaTable opts, String key, String dflt) {
        LuaValue v = opts.get(key);
        if (v.isnil()) {
            return dflt;
        }
        if (v.type() != LuaValue.TSTRING) {
            throw new IllegalArgumentException("opts." + key + ": " + describe(v) + " (expected: a string)");
        }
        return v.tojstring();
    }

    static LuaTable options(LuaValue v) {
        return v.isnil() ? new LuaTable() : table("opts", v);
    }

    static String describe(LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TNIL -> "nil";
            case LuaValue.TSTRING -> "\"" + (v.length() > 40 ? v.tojstring().substring(0, 40) + "..." : v.tojstring()) + "\"";
            case LuaValue.TNUMBER -> GoNumberFormat.format(v.todouble());
            case LuaValue.TBOOLEAN -> String.valueOf(v.toboolean());
            default -> v.typename();
        };
    }
}
