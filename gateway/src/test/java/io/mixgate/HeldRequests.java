package io.mixgate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server whose every request waits until the test releases it, so a script callback
 * that calls it ({@code mix.http.request('GET', url)}) stays running, and holding its VM, as long
 * as the test needs. {@link #arrived} counts requests that are waiting.
 */
final class HeldRequests implements AutoCloseable {
    private final HttpServer server;
    final Semaphore arrived = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);

    HeldRequests() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            arrived.release();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "released".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Waits until {@code n} requests are being held. */
    void awaitArrived(int n) throws InterruptedException {
        if (!arrived.tryAcquire(n, 20, TimeUnit.SECONDS)) {
            throw new AssertionError("fewer than " + n + " requests arrived within 20 s");
        }
    }

    void releaseAll() {
        release.countDown();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
