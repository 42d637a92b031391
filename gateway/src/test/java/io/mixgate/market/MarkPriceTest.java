package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Index and mark price against hand-computed rows (Binance's published rules). */
class MarkPriceTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** sources "name:price:weight[:time]", comma separated. */
    private static List<PriceSource> sources(String spec) {
        List<PriceSource> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String[] f = s.split(":");
            out.add(new PriceSource(f[0], d(f[1]), d(f[2]), f.length > 3 ? Long.parseLong(f[3]) : PriceSource.NO_TIME));
        }
        return out;
    }

    @Test
    void indexTable() {
        // sources | now | expected index | rule | excluded
        String[][] rows = {
            {"a:100:1,b:102:1,c:101:2", "0", "101", "weighted", ""},                 // (100+102+202)/4
            {"a:100:1,b:110:1,c:101:1", "0", "100.5", "weighted", "b"},              // median 101, b +8.9 % out
            {"a:100:3,b:200:1,c:101:1,d:50:1", "0", "100.5", "median", ""},         // two deviate: median of all = (100+101)/2
            {"a:100:1,b:104.9:1,c:100:1", "0", "101.6333333333333333333333333333333", "weighted", ""}, // 4.9 % stays
            {"a:100:1,b:105.01:1,c:100:1", "0", "100", "weighted", "b"},            // just above 5 %: out
            {"a:100:1:0,b:120:1:15000,c:121:1:20000", "21000", "120.5", "weighted", "a"}, // a stale (>10 s)
            {"a:7.611:1", "0", "7.611", "weighted", ""},
        };
        for (String[] row : rows) {
            MarkPrice m = new MarkPrice(d("0.05"), 10_000, 30, 1_000, -1);
            IndexPrice ix = m.index(sources(row[0]), Long.parseLong(row[1]));
            assertEquals(0, d(row[2]).compareTo(ix.price()), row[0] + ": " + ix);
            assertEquals(row[3], ix.rule(), row[0]);
            assertEquals(row[4], String.join(",", ix.excluded()), row[0]);
        }
        MarkPrice m = new MarkPrice(d("0.05"), 10_000, 30, 1_000, -1);
        assertThrows(IllegalArgumentException.class, () -> m.index(sources("a:1:1:0"), 20_000));
    }

    @Test
    void markTable() {
        long hour = 3_600_000L;
        // index | last | funding rate | time until funding | basis samples (bid/ask pairs) | p1 | p2 | mark
        String[][] rows = {
            {"100", "100.2", "0.0001", "4", "", "100.005", "100", "100.005"},            // no basis yet: p2 = index
            {"100", "99", "0.0008", "8", "100/101", "100.08", "100.5", "100.08"},       // median = p1
            {"100", "100.3", "0.0001", "0", "100/101,100.2/100.4", "100", "100.4", "100.3"}, // basis (0.5+0.3)/2
            {"100", "101", "-0.001", "2", "100.9/101.1", "99.975", "101", "101"},      // last = p2 = 101
        };
        for (String[] row : rows) {
            MarkPrice m = new MarkPrice(d("0.05"), 0, 30, 1_000, -1);
            long now = 1_000_000;
            if (!row[4].isEmpty()) {
                for (String pair : row[4].split(",")) {
                    String[] ba = pair.split("/");
                    m.sampleBasis(now, d(ba[0]), d(ba[1]), d(row[0]));
                    now += 1_000;
                }
            }
            MarkResult r = m.mark(now, d(row[0]), d(row[1]), d(row[2]), now + Long.parseLong(row[3]) * hour, 8 * hour);
            assertEquals(0, d(row[5]).compareTo(r.price1()), "p1 " + String.join("|", row) + " " + r);
            assertEquals(0, d(row[6]).compareTo(r.price2()), "p2 " + String.join("|", row) + " " + r);
            assertEquals(0, d(row[7]).compareTo(r.mark()), "mark " + String.join("|", row) + " " + r);
        }
    }

    @Test
    void basisIsSampledAtMostOncePerIntervalOverTheLastSamples() {
        MarkPrice m = new MarkPrice(d("0.05"), 0, 2, 1_000, 4);
        assertEquals(true, m.sampleBasis(0, d("100"), d("102"), d("100")));      // 1
        assertEquals(false, m.sampleBasis(999, d("200"), d("202"), d("100")));   // too soon
        m.sampleBasis(1_000, d("100"), d("104"), d("100"));                       // 2
        m.sampleBasis(2_000, d("100"), d("106"), d("100"));                       // 3, drops the first
        MarkResult r = m.mark(2_000, d("100"), d("100"), BigDecimal.ZERO, 2_000, 1);
        assertEquals(d("2.5000"), r.basis());
        assertEquals(2, r.basisSamples());
    }
}
