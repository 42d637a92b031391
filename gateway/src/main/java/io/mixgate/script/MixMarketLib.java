package io.mixgate.script;

import io.mixgate.market.BookDiff;
import io.mixgate.market.CandleBuilder;
import io.mixgate.market.CandleInterval;
import io.mixgate.market.MarkPrice;
import io.mixgate.market.OrderBook;
import io.mixgate.market.RollingTicker;
import io.mixgate.market.TradeMerger;
import io.mixgate.market.UpdateRules;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code mix.market}: the market-data calculators of {@code io.mixgate.market} for scripts.
 * {@code book(symbol[, opts])}, {@code trades(opts)}, {@code ticker(opts)},
 * {@code candles(opts)} and {@code mark(opts)} each return an object with methods (see
 * {@link MarketBookMethods}, {@link MarketFlowMethods}, {@link MarketMarkMethods}), or
 * {@code nil, err} for bad options. {@code merge_diffs(a, b)} answers one diff equal to
 * applying the diff {@code a} then the diff {@code b} ({@link BookDiff#merge}: per-client or
 * per-interval conflation), or {@code nil, err} when {@code b} does not follow {@code a}. Objects live as long as the script keeps them (a service
 * keeps them in its state); one VM may name at most {@code maxSymbols} distinct symbols.
 * Every option has a safe default and a bound; errors name the option and its value.
 *
 * <p>Not thread-safe: one instance per VM (it counts that VM's symbols), used by the thread
 * running that VM.
 */
final class MixMarketLib {
    /** Distinct symbols one VM may use unless told otherwise. */
    static final int DEFAULT_MAX_SYMBOLS = 1_000;
    static final int DEFAULT_MAX_LEVELS = 5_000;
    static final int MAX_LEVELS_CEILING = 100_000;
    /** Levels per side a diff given to merge_diffs may hold (removed levels included). */
    static final int MAX_DIFF_LEVELS = 2 * MAX_LEVELS_CEILING;
    static final int DEFAULT_MAX_TRADES = 10_000;
    static final int DEFAULT_MAX_BUCKETS = 86_400;

    private final int maxSymbols;
    private final Set<String> symbols = new HashSet<>();
    private final LuaTable bookMeta = MarketBookMethods.metatable();
    private final LuaTable tradesMeta = MarketFlowMethods.trades();
    private final LuaTable tickerMeta = MarketFlowMethods.ticker();
    private final LuaTable candlesMeta = MarketFlowMethods.candles();
    private final LuaTable markMeta = MarketMarkMethods.metatable();

    MixMarketLib(int maxSymbols) {
        this.maxSymbols = maxSymbols;
    }

    static void install(LuaTable mix) {
        new MixMarketLib(DEFAULT_MAX_SYMBOLS).installInto(mix);
    }

    void installInto(LuaTable mix) {
        LuaTable market = new LuaTable();
        market.set("book", constructor("mix.market.book", a -> {
            LuaTable o = MarketArgs.options(a.arg(2));
            String symbol = symbol(a.arg1());
            int maxLevels = MarketArgs.option(o, "max_levels", DEFAULT_MAX_LEVELS, 1, MAX_LEVELS_CEILING);
            OrderBook book = new OrderBook(symbol, UpdateRules.named("opts.rules", MarketArgs.stringOption(o, "rules", "none")),
                    maxLevels, MarketArgs.option(o, "depth", 0, 0, maxLevels));
            return MarketHandle.wrap(symbol, book, bookMeta);
        }));
        market.set("trades", constructor("mix.market.trades", a -> {
            LuaTable o = MarketArgs.options(a.arg1());
            TradeMerger merger = new TradeMerger(MarketArgs.option(o, "max_trades", DEFAULT_MAX_TRADES, 1, 1_000_000));
            return MarketHandle.wrap(symbol(o.get("symbol")), merger, tradesMeta);
        }));
        market.set("ticker", constructor("mix.market.ticker", a -> {
            LuaTable o = MarketArgs.options(a.arg1());
            RollingTicker ticker = new RollingTicker(
                    MarketArgs.longOption(o, "window_ms", 86_400_000L, 1, 30L * 86_400_000L),
                    MarketArgs.longOption(o, "bucket_ms", 1_000, 1, 30L * 86_400_000L),
                    MarketArgs.longOption(o, "min_emit_ms", 1_000, 0, 86_400_000L),
                    MarketArgs.option(o, "max_buckets", DEFAULT_MAX_BUCKETS, 1, 1_000_000));
            return MarketHandle.wrap(symbol(o.get("symbol")), ticker, tickerMeta);
        }));
        market.set("candles", constructor("mix.market.candles", a -> {
            LuaTable o = MarketArgs.options(a.arg1());
            CandleBuilder builder = new CandleBuilder(
                    CandleInterval.named("opts.interval", MarketArgs.stringOption(o, "interval", "1m")));
            return MarketHandle.wrap(symbol(o.get("symbol")), builder, candlesMeta);
        }));
        market.set("mark", constructor("mix.market.mark", a -> {
            LuaTable o = MarketArgs.options(a.arg1());
            LuaValue deviation = o.get("max_deviation");
            MarkPrice mark = new MarkPrice(
                    deviation.isnil() ? new java.math.BigDecimal("0.05") : MarketArgs.positive("opts.max_deviation", deviation),
                    MarketArgs.longOption(o, "max_source_age_ms", 10_000, 0, 86_400_000L),
                    MarketArgs.option(o, "basis_samples", 30, 1, 10_000),
                    MarketArgs.longOption(o, "sample_interval_ms", 1_000, 0, 86_400_000L),
                    MarketArgs.option(o, "scale", -1, -1, 36));
            return MarketHandle.wrap(symbol(o.get("symbol")), mark, markMeta);
        }));
        market.set("merge_diffs", MarketHandle.method("mix.market.merge_diffs", a -> {
            LuaTable second = MarketArgs.table("second", a.arg(2));
            BookDiff merged = BookDiff.merge(MarketArgs.diff("first", a.arg1(), MAX_DIFF_LEVELS),
                    MarketArgs.diff("second", second, MAX_DIFF_LEVELS));
            LuaValue s = second.get("s");
            LuaValue e = second.get("E");
            return MarketTables.diff(s.isstring() ? s.tojstring() : "", merged,
                    e.isnil() ? 0 : MarketArgs.integer("second.E", e));
        }));
        mix.set("market", market);
    }

    /** The symbol, counted against this VM's limit. */
    private String symbol(LuaValue v) {
        if (v.type() != LuaValue.TSTRING || v.length() < 1 || v.length() > 64) {
            throw new IllegalArgumentException("symbol: " + MarketArgs.describe(v) + " (expected: a string of 1..64 bytes)");
        }
        String symbol = v.tojstring();
        if (!symbols.contains(symbol) && symbols.size() >= maxSymbols) {
            throw new IllegalArgumentException("max symbols per script VM (" + maxSymbols + ") reached: cannot add "
                    + symbol);
        }
        symbols.add(symbol);
        return symbol;
    }

    private static NamedFunction constructor(String name, Function<Varargs, LuaValue> body) {
        return MarketHandle.method(name, body::apply);
    }
}
