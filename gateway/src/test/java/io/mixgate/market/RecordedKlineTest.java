package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recorded futures {@code aggTrade} messages rebuild the recorded {@code kline_1m} updates.
 * The capture runs 30 s from 22:25:41 UTC and crosses one minute boundary, so only the candles
 * of 22:26:00 can hold all their trades: a kline update is compared when the capture has the
 * aggregated trade starting at the candle's first trade id {@code f} and one ending exactly at
 * its last trade id {@code L}. The 22:25:00 candles started 41 s before the capture (their
 * first trades are missing), and an update whose {@code L} falls inside an aggregated trade
 * (Binance published the kline before the aggregate was complete) cannot be rebuilt from
 * aggregates; both are skipped and counted.
 */
class RecordedKlineTest {

    @Test
    void aggTradesRebuildTheKlineUpdatesWhoseTradesTheCaptureHolds() {
        List<JsonNode> frames = RecordedFeed.frames("BINANCE_FUTURES.ws.1.0");
        List<JsonNode> aggs = frames.stream().filter(e -> e.path("e").asText().equals("aggTrade")).toList();
        int compared = 0;
        int partial = 0;
        int straddling = 0;
        for (JsonNode e : frames) {
            if (!e.path("e").asText().equals("kline")) {
                continue;
            }
            JsonNode k = e.get("k");
            String symbol = k.get("s").asText();
            long f = k.get("f").asLong();
            long last = k.get("L").asLong();
            List<Trade> trades = new ArrayList<>();
            for (JsonNode a : aggs) {
                long t = a.get("T").asLong();
                if (a.get("s").asText().equals(symbol) && t >= k.get("t").asLong() && t <= k.get("T").asLong()
                        && a.get("l").asLong() <= last) {
                    trades.add(RecordedFeed.aggTrade(a));
                }
            }
            trades.sort((x, y) -> Long.compare(x.firstId(), y.firstId()));
            if (trades.isEmpty() || trades.getFirst().firstId() != f) {
                partial++;
                continue;
            }
            if (trades.getLast().lastId() != last) {
                straddling++;
                continue;
            }
            CandleBuilder builder = new CandleBuilder(CandleInterval.named("interval", k.get("i").asText()));
            trades.forEach(builder::add);
            Candle c = builder.current();
            String what = symbol + " kline t=" + k.get("t") + " L=" + last;
            assertEquals(k.get("t").asLong(), c.openTime(), what);
            assertEquals(k.get("T").asLong(), c.closeTime(), what);
            assertEquals(f, c.firstId(), what);
            assertEquals(last, c.lastId(), what);
            same(k, "o", c.open(), what);
            same(k, "c", c.close(), what);
            same(k, "h", c.high(), what);
            same(k, "l", c.low(), what);
            same(k, "v", c.volume(), what);
            same(k, "q", c.quoteVolume(), what);
            same(k, "V", c.takerBuyVolume(), what);
            same(k, "Q", c.takerBuyQuoteVolume(), what);
            assertEquals(k.get("n").asLong(), c.count(), what);
            compared++;
        }
        System.out.printf("kline_1m updates: %d rebuilt and equal, %d partial (capture started late), %d straddling%n",
                compared, partial, straddling);
        assertTrue(compared >= 10, "only " + compared + " kline updates could be compared");
    }

    private static void same(JsonNode k, String field, BigDecimal actual, String what) {
        BigDecimal expected = new BigDecimal(k.get(field).asText());
        assertEquals(0, expected.compareTo(actual), what + " " + field + ": " + expected + " vs " + actual);
    }
}
