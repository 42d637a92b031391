package io.mixgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * market: the bench plays an exchange's engine feeding the node's market service
 * (scripts/services/market.lua, configured by run.sh): S symbols, each a book of L levels per side,
 * R engine book snapshots per second per symbol (each changing {@code changes} levels, as a real engine's
 * successive books do), published to the service's shared channel {@code engine} (each naming its symbol in "s") over the publish API (open loop, at most
 * {@code connections × depth} requests in flight: when the node cannot keep up the feed falls behind and
 * the sustained rate says so). N WebSocket subscribers (subscriber i on symbol i mod S) count the
 * {@code @depth} diffs delivered. Reports snapshots sent and accepted, the sustained rate, diffs
 * delivered, and the node's CPU per snapshot. Not thread-safe; one run at a time.
 */
final class MarketScenario {
    /** After the feed, wait at most this long for the service to work off its queue. */
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(180);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);

    private MarketScenario() {
    }

    /** One engine book: level texts per side, a few replaced per snapshot. */
    static final class EngineBook {
        private final String[] bids;
        private final String[] asks;
        private final Random random;
        private long version;

        EngineBook(int levels, long seed) {
            bids = new String[levels];
            asks = new String[levels];
            random = new Random(seed);
            for (int i = 0; i < levels; i++) {
                bids[i] = level(100_000 - i, 1 + random.nextInt(100_000));
                asks[i] = level(100_001 + i, 1 + random.nextInt(100_000));
            }
        }

        private static String level(long priceCents, long qtyMilli) {
            return "[\"" + priceCents / 100 + "." + String.format("%02d", priceCents % 100) + "\",\"" + qtyMilli / 1000 + "."
                    + String.format("%03d", qtyMilli % 1000) + "\"]";
        }

        /** The next snapshot: {@code changes} levels get a new quantity. */
        String next(String symbol, int changes, long eventTime) {
            version++;
            for (int c = 0; c < changes; c++) {
                boolean bid = random.nextBoolean();
                int i = random.nextInt(bids.length);
                long qty = 1 + random.nextInt(100_000);
                if (bid) {
                    bids[i] = level(100_000 - i, qty);
                } else {
                    asks[i] = level(100_001 + i, qty);
                }
            }
            StringBuilder b = new StringBuilder(32 * 2 * bids.length + 64);
            b.append("{\"type\":\"snapshot\",\"s\":\"").append(symbol).append("\",\"E\":").append(eventTime)
                    .append(",\"bids\":[");
            join(b, bids);
            b.append("],\"asks\":[");
            join(b, asks);
            return b.append("]}").toString();
        }

        private static void join(StringBuilder b, String[] levels) {
            for (int i = 0; i < levels.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(levels[i]);
            }
        }
    }

    static Result run(BenchOptions o, Probes probes) throws InterruptedException {
        Result result = new Result(o.scenario(), o.target(), o.label());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LongAdder diffs = new LongAdder();
        AtomicLong lastDiff = new AtomicLong();
        List<WebSocket> subscribers = new ArrayList<>();
        try {
            String base = "ws://" + o.ws().getHostString() + ":" + o.ws().getPort() + o.wsPath();
            for (int i = 0; i < o.n(); i++) {
                String symbol = symbol(o, i % o.symbols());
                CompletableFuture<Void> subscribed = new CompletableFuture<>();
                WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(base), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String m = text.toString();
                            text.setLength(0);
                            if (m.startsWith("{\"result\"")) {
                                subscribed.complete(null);
                            } else if (m.contains("\"depthUpdate\"")) {
                                diffs.increment();
                                lastDiff.set(System.nanoTime());
                            }
                        }
                        socket.request(1);
                        return null;
                    }
                }).join();
                ws.sendText("{\"op\":\"subscribe\",\"channel\":\"" + symbol + "@depth\"}", true).join();
                subscribed.orTimeout(30, TimeUnit.SECONDS).join();
                subscribers.add(ws);
            }
            result.put("symbols", o.symbols()).put("levels", o.levels()).put("changes", o.changes())
                    .put("rate_per_symbol", o.rate()).put("seconds", o.seconds()).put("subscribers", subscribers.size());

            EngineBook[] books = new EngineBook[o.symbols()];
            for (int s = 0; s < books.length; s++) {
                books[s] = new EngineBook(o.levels(), s);
            }
            URI publish = URI.create("http://" + o.http().getHostString() + ":" + o.http().getPort() + "/v1/mesh/publish");
            Semaphore inFlight = new Semaphore(o.connections() * o.depth());
            LongAdder accepted = new LongAdder();
            LongAdder refused = new LongAdder();
            LongAdder dropped = new LongAdder();
            long total = Math.round(o.rate() * o.seconds()) * o.symbols();
            double perSecond = o.rate() * o.symbols();
            CpuWindow cpu = probes.startCpu();
            long start = System.nanoTime();
            long sent = 0;
            for (; sent < total; sent++) {
                long due = start + Math.round(sent * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int s = (int) (sent % o.symbols());
                String body = "{\"c\":\"engine\",\"d\":" + jsonString(books[s].next(symbol(o, s), o.changes(),
                        System.currentTimeMillis())) + "}";
                inFlight.acquire();
                http.sendAsync(HttpRequest.newBuilder(publish).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            inFlight.release();
                            if (e != null || r.statusCode() != 200) {
                                refused.increment();
                            } else if (r.body().contains("\"f\":0")) {
                                accepted.increment();
                            } else {
                                dropped.increment(); // the service's queue was full: counted failed by the node
                            }
                        });
            }
            inFlight.acquire(o.connections() * o.depth());
            long feedNanos = System.nanoTime() - start;
            long perSnapshot = subscribers.size() / o.symbols(); // subscribers of each symbol: diffs per processed snapshot
            awaitQuiet(diffs, accepted.sum() * perSnapshot);
            cpu.end();
            long processed = perSnapshot == 0 ? 0 : diffs.sum() / perSnapshot;
            double processNanos = Math.max(feedNanos, lastDiff.get() - start);
            result.put("snapshots_sent", sent).put("snapshots_accepted", accepted.sum())
                    .put("snapshots_dropped_by_service", dropped.sum()).put("publish_failed", refused.sum())
                    .put("target_snapshots_per_s", perSecond)
                    .put("accepted_snapshots_per_s", accepted.sum() / (feedNanos / 1e9))
                    .put("snapshots_processed", processed)
                    .put("sustained_snapshots_per_s", processed / (processNanos / 1e9))
                    .put("diffs_delivered", diffs.sum())
                    .put("diffs_per_s", diffs.sum() / (Math.max(feedNanos, lastDiff.get() - start) / 1e9));
            cpu.report(result);
            cpu.reportPer(result, "snapshot", processed);
        } finally {
            for (WebSocket ws : subscribers) {
                ws.abort();
            }
            http.close();
        }
        return result;
    }

    private static String symbol(BenchOptions o, int i) {
        return "B" + o.run() + "S" + i;
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Waits until {@code expected} diffs came (the service worked off every accepted snapshot), or none
     * came for {@link #QUIET_NANOS}, at most {@link #DRAIN_LIMIT_NANOS}.
     */
    private static void awaitQuiet(LongAdder diffs, long expected) {
        long start = System.nanoTime();
        long seen = -1;
        long lastProgress = start;
        while (System.nanoTime() - start < DRAIN_LIMIT_NANOS && diffs.sum() < expected) {
            long now = diffs.sum();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_NANOS) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
