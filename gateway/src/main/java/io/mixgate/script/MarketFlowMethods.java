package io.mixgate.script;

import io.mixgate.market.Candle;
import io.mixgate.market.CandleBuilder;
import io.mixgate.market.RollingTicker;
import io.mixgate.market.TickerStats;
import io.mixgate.market.TradeBatch;
import io.mixgate.market.TradeMerger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The methods of the trade-fed calculators: {@code mix.market.trades} ({@code add(trade)},
 * {@code flush([now])}, {@code pending()}), {@code mix.market.ticker} ({@code add(trade)},
 * {@code stats(now)}, {@code poll(now)}) and {@code mix.market.candles} ({@code add(trade)},
 * {@code add_candle(k)}, {@code poll(now)}, {@code current()}).
 *
 * <p>Thread safety: stateless; each calculator behind a handle belongs to one VM.
 */
final class MarketFlowMethods {
    private MarketFlowMethods() {
    }

    static LuaTable trades() {
        LuaTable m = new LuaTable();
        m.set("add", MarketHandle.method("trades:add", a -> {
            MarketHandle.self(a, TradeMerger.class, "trades:add").calc.add(MarketArgs.trade(a.arg(2)));
            return LuaValue.TRUE;
        }));
        m.set("flush", MarketHandle.method("trades:flush", a -> {
            MarketHandle<TradeMerger> h = MarketHandle.self(a, TradeMerger.class, "trades:flush");
            long now = a.arg(2).isnil() ? 0 : MarketArgs.integer("now", a.arg(2));
            TradeBatch b = h.calc.flush();
            return b == null ? LuaValue.NIL : MarketTables.trades(h.symbol, b, now);
        }));
        m.set("pending", MarketHandle.method("trades:pending", a ->
                LuaValue.valueOf(MarketHandle.self(a, TradeMerger.class, "trades:pending").calc.pending())));
        return MarketHandle.metatable("mix.market.trades", m);
    }

    static LuaTable ticker() {
        LuaTable m = new LuaTable();
        m.set("add", MarketHandle.method("ticker:add", a -> {
            MarketHandle.self(a, RollingTicker.class, "ticker:add").calc.add(MarketArgs.trade(a.arg(2)));
            return LuaValue.TRUE;
        }));
        m.set("stats", MarketHandle.method("ticker:stats", a -> {
            MarketHandle<RollingTicker> h = MarketHandle.self(a, RollingTicker.class, "ticker:stats");
            return MarketTables.ticker(h.symbol, h.calc.stats(MarketArgs.integer("now", a.arg(2))));
        }));
        m.set("poll", MarketHandle.method("ticker:poll", a -> {
            MarketHandle<RollingTicker> h = MarketHandle.self(a, RollingTicker.class, "ticker:poll");
            TickerStats s = h.calc.poll(MarketArgs.integer("now", a.arg(2)));
            return s == null ? LuaValue.NIL : MarketTables.ticker(h.symbol, s);
        }));
        return MarketHandle.metatable("mix.market.ticker", m);
    }

    static LuaTable candles() {
        LuaTable m = new LuaTable();
        m.set("add", MarketHandle.method("candles:add", a -> {
            MarketHandle<CandleBuilder> h = MarketHandle.self(a, CandleBuilder.class, "candles:add");
            io.mixgate.market.Trade t = MarketArgs.trade(a.arg(2));
            return kline(h.symbol, h.calc.add(t), t.time());
        }));
        m.set("add_candle", MarketHandle.method("candles:add_candle", a -> {
            MarketHandle<CandleBuilder> h = MarketHandle.self(a, CandleBuilder.class, "candles:add_candle");
            Candle c = candle(MarketArgs.table("k", a.arg(2)));
            return kline(h.symbol, h.calc.add(c), c.closeTime());
        }));
        m.set("poll", MarketHandle.method("candles:poll", a -> {
            MarketHandle<CandleBuilder> h = MarketHandle.self(a, CandleBuilder.class, "candles:poll");
            long now = MarketArgs.integer("now", a.arg(2));
            CandleBuilder.Poll p = h.calc.poll(now);
            return LuaValue.varargsOf(kline(h.symbol, p.closed(), now), kline(h.symbol, p.update(), now));
        }));
        m.set("current", MarketHandle.method("candles:current", a -> {
            MarketHandle<CandleBuilder> h = MarketHandle.self(a, CandleBuilder.class, "candles:current");
            Candle c = h.calc.current();
            return kline(h.symbol, c, c == null ? 0 : c.openTime());
        }));
        return MarketHandle.metatable("mix.market.candles", m);
    }

    private static LuaValue kline(String symbol, Candle c, long now) {
        return c == null ? LuaValue.NIL : MarketTables.kline(symbol, c, now);
    }

    /** A closed kline {@code k} table as {@link MarketTables#kline} writes it. */
    private static Candle candle(LuaTable k) {
        LuaValue closed = k.get("x");
        return new Candle(k.get("i").isstring() ? k.get("i").tojstring() : "", MarketArgs.integer("k.t", k.get("t")),
                MarketArgs.integer("k.T", k.get("T")), MarketArgs.integer("k.f", k.get("f")),
                MarketArgs.integer("k.L", k.get("L")), MarketArgs.positive("k.o", k.get("o")),
                MarketArgs.positive("k.c", k.get("c")), MarketArgs.positive("k.h", k.get("h")),
                MarketArgs.positive("k.l", k.get("l")), MarketArgs.decimal("k.v", k.get("v")),
                MarketArgs.integer("k.n", k.get("n")), closed.isboolean() && closed.toboolean(),
                MarketArgs.decimal("k.q", k.get("q")), MarketArgs.decimal("k.V", k.get("V")),
                MarketArgs.decimal("k.Q", k.get("Q")));
    }
}
