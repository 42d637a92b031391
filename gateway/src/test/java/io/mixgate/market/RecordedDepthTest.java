package io.mixgate.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorded Binance depth streams, applied to their REST snapshots by Binance's own rules:
 * every symbol chains with no gap, the book is never crossed, and the diff stream the book
 * emits, re-applied by a client (one from the start, one joining midway from a snapshot),
 * reproduces the book after every update.
 */
class RecordedDepthTest {

    @Test
    void spotUpdatesChainOntoTheirSnapshotsAndTheDiffStreamReproducesTheBook() {
        replay("BINANCE.ws.1.0", "BINANCE.http.0.0", UpdateRules.SPOT);
    }

    @Test
    void futuresUpdatesChainOntoTheirSnapshotsAndTheDiffStreamReproducesTheBook() {
        replay("BINANCE_FUTURES.ws.1.0", "BINANCE_FUTURES.http.0.0", UpdateRules.FUTURES);
    }

    private static void replay(String ws, String http, UpdateRules rules) {
        Map<String, JsonNode> snapshots = RecordedFeed.snapshots(http);
        List<JsonNode> frames = RecordedFeed.frames(ws);
        assertEquals(4, snapshots.size());
        for (Map.Entry<String, JsonNode> s : snapshots.entrySet()) {
            String symbol = s.getKey();
            OrderBook book = new OrderBook(symbol, rules, 5_000, 0);
            JsonNode snap = s.getValue();
            ApplyResult first = book.applySnapshot(snap.get("lastUpdateId").asLong(),
                    RecordedFeed.levels(snap.get("bids"), "bids"), RecordedFeed.levels(snap.get("asks"), "asks"));
            assertFalse(first.crossed(), symbol + " snapshot crossed");
            BookReplica client = new BookReplica(book.snapshot());
            client.apply(book.diff());
            BookReplica late = null;
            int applied = 0;
            int stale = 0;
            for (JsonNode e : frames) {
                if (!e.path("e").asText().equals("depthUpdate") || !e.get("s").asText().equals(symbol)) {
                    continue;
                }
                ApplyResult r = book.apply(RecordedFeed.update(e));
                if (r.status() == ApplyResult.Status.STALE) {
                    assertEquals(0, applied, symbol + ": stale only before the first applied update");
                    stale++;
                    continue;
                }
                assertEquals(ApplyResult.Status.APPLIED, r.status(), symbol + " update u=" + e.get("u"));
                assertFalse(r.crossed(), symbol + " crossed after u=" + e.get("u"));
                applied++;
                BookDiff d = book.diff();
                client.apply(d);
                client.assertSame(book.current(), symbol + " after u=" + e.get("u"));
                if (late != null) {
                    late.apply(d);
                    late.assertSame(book.current(), symbol + " (joined late) after u=" + e.get("u"));
                } else if (applied == 10) {
                    late = new BookReplica(book.snapshot());
                }
            }
            System.out.printf("%s %s: %d updates applied, %d stale, %d diffs%n", ws, symbol, applied, stale, book.seq());
            assertTrue(applied >= 1, symbol + ": only " + applied + " updates applied");
        }
    }
}
