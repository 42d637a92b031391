package io.mixgate.script;

import io.mixgate.market.MarkPrice;
import io.mixgate.market.PriceSource;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The methods of {@code mix.market.mark(opts)}: {@code index(sources[, now])},
 * {@code sample(now, bid, ask, index)} and {@code mark(t)}.
 *
 * <p>Thread safety: stateless; the calculator behind a handle belongs to one VM.
 */
final class MarketMarkMethods {
    /** The most sources one index may have. */
    static final int MAX_SOURCES = 64;

    private MarketMarkMethods() {
    }

    static LuaTable metatable() {
        LuaTable m = new LuaTable();
        m.set("index", MarketHandle.method("mark:index", a -> {
            MarkPrice calc = MarketHandle.self(a, MarkPrice.class, "mark:index").calc;
            long now = a.arg(3).isnil() ? 0 : MarketArgs.integer("now", a.arg(3));
            return MarketTables.index(calc.index(sources(MarketArgs.table("sources", a.arg(2))), now));
        }));
        m.set("sample", MarketHandle.method("mark:sample", a -> {
            MarkPrice calc = MarketHandle.self(a, MarkPrice.class, "mark:sample").calc;
            return LuaValue.valueOf(calc.sampleBasis(MarketArgs.integer("now", a.arg(2)),
                    MarketArgs.positive("bid", a.arg(3)), MarketArgs.positive("ask", a.arg(4)),
                    MarketArgs.positive("index", a.arg(5))));
        }));
        m.set("mark", MarketHandle.method("mark:mark", a -> {
            MarketHandle<MarkPrice> h = MarketHandle.self(a, MarkPrice.class, "mark:mark");
            LuaTable t = MarketArgs.table("inputs", a.arg(2));
            long now = MarketArgs.integer("now", t.get("now"));
            LuaValue interval = t.get("funding_interval_ms");
            return MarketTables.mark(h.symbol, h.calc.mark(now, MarketArgs.positive("index", t.get("index")),
                    MarketArgs.positive("last", t.get("last")), MarketArgs.decimal("funding_rate", t.get("funding_rate")),
                    MarketArgs.integer("next_funding_time", t.get("next_funding_time")),
                    interval.isnil() ? 28_800_000L : MarketArgs.integer("funding_interval_ms", interval)), now);
        }));
        return MarketHandle.metatable("mix.market.mark", m);
    }

    /** {@code {{name=, price=, weight=[, time=]}, ...}}. */
    private static List<PriceSource> sources(LuaTable t) {
        int n = t.length();
        if (n > MAX_SOURCES) {
            throw new IllegalArgumentException("max sources (" + MAX_SOURCES + ") exceeded: " + n + " given");
        }
        List<PriceSource> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaTable s = MarketArgs.table("sources[" + i + "]", t.get(i));
            String name = s.get("name").isstring() ? s.get("name").tojstring() : "source" + i;
            LuaValue weight = s.get("weight");
            out.add(new PriceSource(name, MarketArgs.positive("sources[" + i + "].price", s.get("price")),
                    weight.isnil() ? java.math.BigDecimal.ONE : MarketArgs.positive("sources[" + i + "].weight", weight),
                    s.get("time").isnil() ? PriceSource.NO_TIME : MarketArgs.integer("sources[" + i + "].time", s.get("time"))));
        }
        return out;
    }
}
