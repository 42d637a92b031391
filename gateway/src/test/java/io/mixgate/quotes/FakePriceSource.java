package io.mixgate.quotes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cryptocompare-like price source the test controls, on a free loopback port:
 * {@code GET /data/price?fsym=BTC&tsyms=ETH} answers {@code {"ETH":<price>}} with the price the
 * test set (as a JSON number written exactly as given), or the failure the test set. It records
 * when each pair was asked for.
 *
 * <p>Thread-safe: the server's threads answer while the test thread sets prices and reads counts.
 */
final class FakePriceSource implements AutoCloseable {
    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, String> prices = new ConcurrentHashMap<>();
    private final Map<String, Answer> failures = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> requests = new ConcurrentHashMap<>();

    FakePriceSource() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data/price", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the pair's price is {@code literal} (a JSON number), e.g. "15.2" or "3.47e-05". */
    void price(String pair, String literal) {
        failures.remove(pair);
        prices.put(pair, literal);
    }

    /** From now on the pair is answered with this status and body. */
    void fail(String pair, int status, String body) {
        failures.put(pair, new Answer(status, body));
    }

    /** How many times the pair has been asked for. */
    int polls(String pair) {
        return times(pair).size();
    }

    /** When the pair was asked for (System.nanoTime()), oldest first. */
    List<Long> times(String pair) {
        return List.copyOf(requests.getOrDefault(pair, List.of()));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String from = null;
            String to = null;
            String query = exchange.getRequestURI().getQuery();
            for (String part : query == null ? new String[0] : query.split("&")) {
                String[] kv = part.split("=", 2);
                if (kv.length == 2 && kv[0].equals("fsym")) {
                    from = kv[1];
                } else if (kv.length == 2 && kv[0].equals("tsyms")) {
                    to = kv[1];
                }
            }
            String pair = from + "-" + to;
            requests.computeIfAbsent(pair, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            Answer answer = failures.get(pair);
            if (answer == null) {
                String price = prices.get(pair);
                answer = price == null
                        ? new Answer(200, "{\"Response\":\"Error\",\"Message\":\"There is no data for " + pair + "\"}")
                        : new Answer(200, "{\"" + to + "\":" + price + "}");
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
