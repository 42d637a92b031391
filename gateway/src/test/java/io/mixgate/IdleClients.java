package io.mixgate;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The client side of {@link IdleFootprint}, run in a process of its own so that its memory does
 * not count: opens N WebSocket connections, authenticates each and subscribes it to a private and
 * a public channel with the shipped exchange protocol, prints {@code ready N}, then holds the
 * connections idle until its standard input closes. Not a test.
 */
public final class IdleClients {
    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        String ok = "{\"result\":true}";
        Semaphore inFlight = new Semaphore(64);
        List<WsClient> clients = new ArrayList<>(n);
        List<Future<WsClient>> opening = new ArrayList<>(n);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                opening.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        WsClient c = WsClient.connect(uri);
                        expect(ok, c.ask("{\"op\":\"auth\",\"token\":\"tok\"}"));
                        expect(ok, c.ask("{\"op\":\"subscribe\",\"channel\":\"@balance\"}"));
                        expect(ok, c.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}"));
                        return c;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<WsClient> f : opening) {
                clients.add(f.get());
            }
        }
        System.out.println("ready " + clients.size());
        System.out.flush();
        while (System.in.read() != -1) {
            // hold the connections until the parent closes our input
        }
        clients.forEach(WsClient::close);
    }

    private static void expect(String want, String got) {
        if (!want.equals(got)) {
            throw new IllegalStateException("expected " + want + ", got " + got);
        }
    }
}
