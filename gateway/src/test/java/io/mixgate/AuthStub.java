package io.mixgate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP auth callback for tests: answers {@code {"uid":N}} for known tokens, 401 for others.
 * A token can be made to hang until the test releases it (or {@code holdLimit} passes).
 */
final class AuthStub implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpServer server;
    private final Map<String, Long> uids = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    final AtomicReference<String> lastBody = new AtomicReference<>();
    final AtomicReference<String> lastContentType = new AtomicReference<>();
    final CountDownLatch anyHeld = new CountDownLatch(1);
    /** Requests answered or being answered, valid tokens or not. */
    final AtomicInteger calls = new AtomicInteger();

    AuthStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/websocket_auth", exchange -> {
            calls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastBody.set(body);
            lastContentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            Matcher m = TOKEN.matcher(body);
            String token = m.find() ? m.group(1) : null;
            CountDownLatch hold = token == null ? null : holds.get(token);
            if (hold != null) {
                anyHeld.countDown();
                try {
                    hold.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Long uid = token == null ? null : uids.get(token);
            byte[] reply = (uid == null ? "{\"error\":\"invalid token\"}" : "{\"uid\":" + uid + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(uid == null ? 401 : 200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    AuthStub user(String token, long uid) {
        uids.put(token, uid);
        return this;
    }

    /** Requests with {@code token} wait until the returned latch is released, at most 2 s. */
    CountDownLatch hold(String token) {
        CountDownLatch latch = new CountDownLatch(1);
        holds.put(token, latch);
        return latch;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/websocket_auth";
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }
}
