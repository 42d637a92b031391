package io.mixgate.script;

import io.mixgate.market.ApplyResult;
import io.mixgate.market.BookDiff;
import io.mixgate.market.Decimals;
import io.mixgate.market.OrderBook;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The methods of {@code mix.market.book(symbol, opts)}: {@code apply_snapshot(t)},
 * {@code apply(update)}, {@code diff([now])}, {@code snapshot()}, {@code best()},
 * {@code seq()}, {@code synced()}, {@code levels()}.
 *
 * <p>Thread safety: stateless; the book behind a handle belongs to one VM.
 */
final class MarketBookMethods {
    private MarketBookMethods() {
    }

    static LuaTable metatable() {
        LuaTable m = new LuaTable();
        m.set("apply_snapshot", MarketHandle.method("book:apply_snapshot", a -> {
            OrderBook book = MarketHandle.self(a, OrderBook.class, "book:apply_snapshot").calc;
            LuaTable t = MarketArgs.table("snapshot", a.arg(2));
            long id = MarketArgs.optionalId(t, "lastUpdateId");
            return result(book.applySnapshot(id, MarketArgs.levels("snapshot.bids", t.get("bids"), book.maxLevels()),
                    MarketArgs.levels("snapshot.asks", t.get("asks"), book.maxLevels())));
        }));
        m.set("apply", MarketHandle.method("book:apply", a -> {
            OrderBook book = MarketHandle.self(a, OrderBook.class, "book:apply").calc;
            return result(book.apply(MarketArgs.update(a.arg(2), book.maxLevels())));
        }));
        m.set("diff", MarketHandle.method("book:diff", a -> {
            MarketHandle<OrderBook> h = MarketHandle.self(a, OrderBook.class, "book:diff");
            long now = a.arg(2).isnil() ? 0 : MarketArgs.integer("now", a.arg(2));
            BookDiff d = h.calc.diff();
            return d.isEmpty() ? LuaValue.NIL : MarketTables.diff(h.symbol, d, now);
        }));
        m.set("snapshot", MarketHandle.method("book:snapshot", a -> {
            MarketHandle<OrderBook> h = MarketHandle.self(a, OrderBook.class, "book:snapshot");
            return MarketTables.snapshot(h.symbol, h.calc.snapshot());
        }));
        m.set("best", MarketHandle.method("book:best", a -> {
            OrderBook book = MarketHandle.self(a, OrderBook.class, "book:best").calc;
            return LuaValue.varargsOf(text(book.bestBid()), text(book.bestAsk()));
        }));
        m.set("seq", MarketHandle.method("book:seq", a ->
                MarketTables.number(MarketHandle.self(a, OrderBook.class, "book:seq").calc.seq())));
        m.set("synced", MarketHandle.method("book:synced", a ->
                LuaValue.valueOf(MarketHandle.self(a, OrderBook.class, "book:synced").calc.synced())));
        m.set("levels", MarketHandle.method("book:levels", a -> {
            OrderBook book = MarketHandle.self(a, OrderBook.class, "book:levels").calc;
            return LuaValue.varargsOf(LuaValue.valueOf(book.levels(true)), LuaValue.valueOf(book.levels(false)));
        }));
        return MarketHandle.metatable("mix.market.book", m);
    }

    private static Varargs result(ApplyResult r) {
        LuaTable t = new LuaTable();
        t.set("status", r.status().wireName());
        t.set("crossed", LuaValue.valueOf(r.crossed()));
        return t;
    }

    private static LuaValue text(java.math.BigDecimal d) {
        return d == null ? LuaValue.NIL : LuaValue.valueOf(Decimals.text(d));
    }
}
