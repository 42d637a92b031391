package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** apiServer.requestTimeout and apiServer.idleTimeout: slow or silent API clients cannot hold connections. */
class ApiDeadlinesTest {
    private static final int CLIENTS = 50;
    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        // idle connections wait 60 s: only the request deadline can close the slow ones within the test's 6 s
        node = TestNode.start("apiServer.requestTimeout=1s", "apiServer.idleTimeout=60s");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Socket connect() throws Exception {
        return connect(node);
    }

    private static Socket connect(TestNode node) throws Exception {
        Socket socket = new Socket("127.0.0.1", node.gateway.apiPort());
        // closed within the deadline plus a margin, or the read times out and the test fails
        socket.setSoTimeout(6_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void partialBodiesAreAllClosedAtTheDeadline() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = connect();
                sockets.add(socket);
                send(socket, "POST /v1/mesh/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"c\":");
            }
            long started = System.nanoTime();
            for (int i = 0; i < CLIENTS; i++) {
                assertTrue(RawUpgrade.closedByServer(sockets.get(i)), "partial body " + i + " still open");
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 6_000, "took " + tookMillis + " ms");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void partialHeadersAreClosedAtTheDeadline() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/mesh/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            assertTrue(RawUpgrade.closedByServer(socket), "partial headers still open");
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestNode idle = TestNode.start("apiServer.idleTimeout=1s")) {
            idleConnectionsAreClosed(idle);
        }
    }

    @Test
    void anIdleWebSocketApiConnectionIsNotAnIdleHttpConnection() throws Exception {
        try (TestNode idle = TestNode.start("apiServer.idleTimeout=1s");
             WsApiClient worker = WsApiClient.connect(idle)) {
            WsApiClient.ok(worker.call("ping", null));
            // idle HTTP connections opened after the worker's are closed: its own idle time has passed too
            idleConnectionsAreClosed(idle);
            assertEquals("pong", WsApiClient.ok(worker.call("ping", null)).asText());
        }
    }

    private static void idleConnectionsAreClosed(TestNode node) throws Exception {
        try (Socket socket = connect(node)) {
            send(socket, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", RawUpgrade.statusLine(socket.getInputStream()));
            assertTrue(RawUpgrade.closedByServer(socket), "idle keep-alive connection still open");
        }
        try (Socket silent = connect(node)) {
            assertTrue(RawUpgrade.closedByServer(silent), "a connection that never sent a request still open");
        }
    }

    @Test
    void aWholeRequestWithinTheDeadlineIsServed() throws Exception {
        try (Socket socket = connect()) {
            String body = "{\"c\":\"ex:1@balance\",\"d\":\"x\"}";
            send(socket, "POST /v1/mesh/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            assertEquals("HTTP/1.1 200 OK", RawUpgrade.statusLine(socket.getInputStream()));
        }
    }
}
