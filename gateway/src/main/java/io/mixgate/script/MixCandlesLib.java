package io.mixgate.script;

import io.mixgate.market.CandleInterval;
import io.mixgate.market.CandleStore;
import io.mixgate.market.CandleStoreException;
import io.mixgate.market.StoredCandle;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code mix.candles}: the candle history ({@link CandleStore}) for scripts.
 * <ul>
 * <li>{@code ok, err = mix.candles.put(pair, interval, k)}: {@code k} is a closed kline's {@code k}
 * table as {@code mix.market.candles} answers it ({@code t o h l c v q n}; decimals as strings, kept
 * exactly). {@code ok} is true when written, false when a candle with that open time was stored
 * already (written once: the first wins) or is older than the retention. On failure nil and why:
 * bad input ({@code "mix.candles.put: k.o: ..."}, nothing stored), or the store
 * ({@code "candle store unavailable: ..."}, not stored; {@code "outcome unknown: ..."} when it may
 * have been: putting again is safe).</li>
 * <li>{@code list, err = mix.candles.range(pair, interval, from_ms, to_ms[, limit[, "last"]])}: the
 * candles with {@code from_ms <= t <= to_ms}, ascending by open time, at most {@code limit}
 * (default and ceiling {@code candles.maxRange}); when more match, the first ones, or with
 * {@code "last"} the last ones. Each {@code {t, T, i, o, h, l, c, v, q, n}}.</li>
 * </ul>
 * Both wait for the store on the callback's virtual thread (the time budget's clock stops, see
 * {@link BlockingCalls}). Without a store (connection scripts) both answer nil, err.
 *
 * <p>Thread safety: stateless apart from the thread-safe store.
 */
final class MixCandlesLib {
    private MixCandlesLib() {
    }

    static void install(LuaTable mix, CandleStore store) {
        LuaTable t = new LuaTable();
        t.set("put", NamedFunction.of("put", a -> store == null ? none() : put(store, a)));
        t.set("range", NamedFunction.of("range", a -> store == null ? none() : range(store, a)));
        mix.set("candles", t);
    }

    private static Varargs none() {
        return NamedFunction.failure("candle history is not available here (mix.candles is for services)");
    }

    private static Varargs put(CandleStore store, Varargs a) {
        String pair;
        StoredCandle candle;
        try {
            pair = CandleStore.checkPair(string("pair", a.arg(1)));
            CandleInterval interval = CandleInterval.named("interval", string("interval", a.arg(2)));
            LuaTable k = MarketArgs.table("k", a.arg(3));
            if (k.get("i").isstring() && !k.get("i").tojstring().equals(interval.name())) {
                throw new IllegalArgumentException("k.i: \"" + k.get("i").tojstring() + "\" (expected: \""
                        + interval.name() + "\", the interval argument)");
            }
            if (k.get("x").isboolean() && !k.get("x").toboolean()) {
                throw new IllegalArgumentException("k.x: false (expected: a closed candle)");
            }
            candle = new StoredCandle(interval, MarketArgs.integer("k.t", k.get("t")),
                    MarketArgs.decimal("k.o", k.get("o")), MarketArgs.decimal("k.h", k.get("h")),
                    MarketArgs.decimal("k.l", k.get("l")), MarketArgs.decimal("k.c", k.get("c")),
                    MarketArgs.decimal("k.v", k.get("v")), MarketArgs.decimal("k.q", k.get("q").isnil()
                            ? LuaValue.valueOf("0") : k.get("q")),
                    k.get("n").isnil() ? 0 : MarketArgs.integer("k.n", k.get("n")));
            if (!k.get("T").isnil() && MarketArgs.integer("k.T", k.get("T")) != candle.closeTime()) {
                throw new IllegalArgumentException("k.T: " + MarketArgs.describe(k.get("T")) + " (expected: "
                        + candle.closeTime() + ", the end of the " + interval.name() + " interval starting at k.t)");
            }
        } catch (IllegalArgumentException e) {
            return NamedFunction.failure("mix.candles.put: " + e.getMessage());
        }
        try {
            return LuaValue.valueOf(store.put(pair, candle));
        } catch (CandleStoreException e) {
            return NamedFunction.failure(e.unknown() ? "outcome unknown: " + e.getMessage() : e.getMessage());
        }
    }

    private static Varargs range(CandleStore store, Varargs a) {
        List<StoredCandle> candles;
        try {
            String pair = CandleStore.checkPair(string("pair", a.arg(1)));
            CandleInterval interval = CandleInterval.named("interval", string("interval", a.arg(2)));
            long from = MarketArgs.integer("from_ms", a.arg(3));
            long to = MarketArgs.integer("to_ms", a.arg(4));
            int limit = store.maxRange();
            if (!a.arg(5).isnil()) {
                long asked = MarketArgs.integer("limit", a.arg(5));
                if (asked < 1) {
                    throw new IllegalArgumentException("limit: " + asked + " (expected: 1.." + store.maxRange() + ")");
                }
                limit = (int) Math.min(asked, store.maxRange());
            }
            boolean last = false;
            if (!a.arg(6).isnil()) {
                String end = a.arg(6).isstring() ? a.arg(6).tojstring() : "";
                if (!end.equals("first") && !end.equals("last")) {
                    throw new IllegalArgumentException("6th argument: " + MarketArgs.describe(a.arg(6))
                            + " (expected: \"first\" or \"last\")");
                }
                last = end.equals("last");
            }
            candles = store.range(pair, interval, from, to, limit, last);
        } catch (IllegalArgumentException e) {
            return NamedFunction.failure("mix.candles.range: " + e.getMessage());
        } catch (CandleStoreException e) {
            return NamedFunction.failure(e.getMessage());
        }
        LuaTable list = new LuaTable(candles.size(), 0);
        for (int i = 0; i < candles.size(); i++) {
            list.set(i + 1, table(candles.get(i)));
        }
        return list;
    }

    private static LuaTable table(StoredCandle c) {
        LuaTable t = new LuaTable();
        t.set("t", MarketTables.number(c.openTime()));
        t.set("T", MarketTables.number(c.closeTime()));
        t.set("i", c.interval().name());
        t.set("o", MarketTables.text(c.open()));
        t.set("h", MarketTables.text(c.high()));
        t.set("l", MarketTables.text(c.low()));
        t.set("c", MarketTables.text(c.close()));
        t.set("v", MarketTables.text(c.volume()));
        t.set("q", MarketTables.text(c.quoteVolume()));
        t.set("n", MarketTables.number(c.trades()));
        return t;
    }

    private static String string(String what, LuaValue v) {
        if (v.type() != LuaValue.TSTRING) {
            throw new IllegalArgumentException(what + ": " + MarketArgs.describe(v) + " (expected: a string)");
        }
        return v.tojstring();
    }
}
