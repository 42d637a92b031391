package io.mixgate.script;

import io.mixgate.market.BookDiff;
import io.mixgate.market.BookSnapshot;
import io.mixgate.market.Candle;
import io.mixgate.market.Decimals;
import io.mixgate.market.IndexPrice;
import io.mixgate.market.MarkResult;
import io.mixgate.market.MergedTrade;
import io.mixgate.market.PriceLevel;
import io.mixgate.market.TickerStats;
import io.mixgate.market.TradeBatch;
import java.math.BigDecimal;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The Lua tables the {@code mix.market} bindings return, ready for {@code mix.json_encode}:
 * Binance's field names, decimals as normalised strings ({@link Decimals#text}), ids and times
 * as numbers (exact up to 2^53). The formats are documented in the README's "Market data".
 *
 * <p>Thread safety: stateless.
 */
final class MarketTables {
    private MarketTables() {
    }

    static LuaTable diff(String symbol, BookDiff d, long now) {
        LuaTable t = new LuaTable();
        t.set("e", "depthUpdate");
        t.set("E", number(now));
        t.set("s", symbol);
        t.set("U", number(d.firstSeq()));
        t.set("u", number(d.lastSeq()));
        t.set("pu", number(d.prevSeq()));
        t.set("b", levels(d.bids()));
        t.set("a", levels(d.asks()));
        return t;
    }

    static LuaTable snapshot(String symbol, BookSnapshot s) {
        LuaTable t = new LuaTable();
        t.set("s", symbol);
        t.set("lastUpdateId", number(s.seq()));
        t.set("bids", levels(s.bids()));
        t.set("asks", levels(s.asks()));
        return t;
    }

    static LuaTable levels(List<PriceLevel> levels) {
        LuaTable t = new LuaTable();
        int i = 1;
        for (PriceLevel l : levels) {
            LuaTable pair = new LuaTable();
            pair.set(1, text(l.price()));
            pair.set(2, text(l.quantity()));
            t.set(i++, pair);
        }
        return t;
    }

    static LuaTable trades(String symbol, TradeBatch b, long now) {
        LuaTable t = new LuaTable();
        t.set("e", "trades");
        t.set("E", number(now));
        t.set("s", symbol);
        t.set("f", number(b.firstId()));
        t.set("L", number(b.lastId()));
        t.set("n", number(b.count()));
        t.set("o", text(b.open()));
        t.set("h", text(b.high()));
        t.set("l", text(b.low()));
        t.set("c", text(b.close()));
        t.set("v", text(b.volume()));
        t.set("q", text(b.quoteVolume()));
        t.set("w", text(b.vwap()));
        LuaTable list = new LuaTable();
        int i = 1;
        for (MergedTrade m : b.trades()) {
            LuaTable e = new LuaTable();
            e.set("p", text(m.price()));
            e.set("q", text(m.quantity()));
            e.set("m", LuaValue.valueOf(m.buyerMaker()));
            e.set("f", number(m.firstId()));
            e.set("l", number(m.lastId()));
            e.set("n", number(m.count()));
            e.set("T", number(m.lastTime()));
            list.set(i++, e);
        }
        t.set("t", list);
        return t;
    }

    static LuaTable ticker(String symbol, TickerStats s) {
        LuaTable t = new LuaTable();
        t.set("e", "24hrTicker");
        t.set("E", number(s.closeTime()));
        t.set("s", symbol);
        t.set("O", number(s.openTime()));
        t.set("C", number(s.closeTime()));
        t.set("v", text(s.volume()));
        t.set("q", text(s.quoteVolume()));
        t.set("n", number(s.count()));
        if (s.count() > 0) {
            t.set("o", text(s.open()));
            t.set("h", text(s.high()));
            t.set("l", text(s.low()));
            t.set("c", text(s.last()));
            t.set("p", text(s.change()));
            t.set("P", text(s.changePercent()));
            t.set("w", text(s.weightedAverage()));
            t.set("F", number(s.firstId()));
            t.set("L", number(s.lastId()));
        }
        return t;
    }

    static LuaTable kline(String symbol, Candle c, long now) {
        LuaTable k = new LuaTable();
        k.set("t", number(c.openTime()));
        k.set("T", number(c.closeTime()));
        k.set("s", symbol);
        k.set("i", c.interval());
        k.set("f", number(c.firstId()));
        k.set("L", number(c.lastId()));
        k.set("o", text(c.open()));
        k.set("c", text(c.close()));
        k.set("h", text(c.high()));
        k.set("l", text(c.low()));
        k.set("v", text(c.volume()));
        k.set("n", number(c.count()));
        k.set("x", LuaValue.valueOf(c.closed()));
        k.set("q", text(c.quoteVolume()));
        k.set("V", text(c.takerBuyVolume()));
        k.set("Q", text(c.takerBuyQuoteVolume()));
        LuaTable t = new LuaTable();
        t.set("e", "kline");
        t.set("E", number(now));
        t.set("s", symbol);
        t.set("k", k);
        return t;
    }

    static LuaTable index(IndexPrice ix) {
        LuaTable t = new LuaTable();
        t.set("price", text(ix.price()));
        t.set("median", text(ix.median()));
        t.set("rule", ix.rule());
        t.set("used", strings(ix.used()));
        t.set("excluded", strings(ix.excluded()));
        return t;
    }

    static LuaTable mark(String symbol, MarkResult m, long now) {
        LuaTable t = new LuaTable();
        t.set("e", "markPriceUpdate");
        t.set("E", number(now));
        t.set("s", symbol);
        t.set("p", text(m.mark()));
        t.set("i", text(m.index()));
        t.set("p1", text(m.price1()));
        t.set("p2", text(m.price2()));
        t.set("b", text(m.basis()));
        t.set("r", text(m.fundingRate()));
        t.set("T", number(m.nextFundingTime()));
        return t;
    }

    private static LuaTable strings(List<String> list) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < list.size(); i++) {
            t.set(i + 1, list.get(i));
        }
        return t;
    }

    static LuaValue text(BigDecimal d) {
        return LuaValue.valueOf(Decimals.text(d));
    }

    static LuaValue number(long n) {
        return LuaValue.valueOf((double) n);
    }
}
