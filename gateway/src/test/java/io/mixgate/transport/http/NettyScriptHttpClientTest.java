package io.mixgate.transport.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mixgate.http.PreparedRequest;
import io.mixgate.transport.EventLoops;
import io.mixgate.http.ScriptHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the node's own client does: connection reuse, the stale keep-alive retry, redirects it
 * follows itself, and closing the connection of an abandoned exchange. The behaviour it shares with
 * the JDK client is in {@code MixHttpLibContract}.
 */
class NettyScriptHttpClientTest {

    private record Seen(String method, String host, byte[] body, String authorization) {
    }

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final AtomicReference<PreparedRequest> handedToFallback = new AtomicReference<>();
    private ExecutorService serverThreads;
    private HttpServer server;
    private EventLoops loops;
    private NettyScriptHttpClient client;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.createContext("/target", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Host"),
                    ex.getRequestBody().readAllBytes(), ex.getRequestHeaders().getFirst("Authorization")));
            respond(ex, 200, "target");
        });
        server.createContext("/moved/", ex -> {
            String[] parts = ex.getRequestURI().getPath().split("/"); // /moved/<status>/<host>
            ex.getResponseHeaders().add("Location", "http://" + parts[3] + ":" + port + "/target");
            respond(ex, Integer.parseInt(parts[2]), "");
        });
        server.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            respond(ex, 302, "");
        });
        server.createContext("/to-https", ex -> {
            ex.getResponseHeaders().add("Location", "https://secure.example/landing");
            respond(ex, 308, "");
        });
        server.start();
        port = server.getAddress().getPort();
        loops = new EventLoops(2);
        client = new NettyScriptHttpClient(loops, (request, max) -> {
            handedToFallback.set(request);
            return CompletableFuture.completedFuture(new ScriptHttpResponse(200,
                    HttpHeaders.of(Map.of(), (a, b) -> true), "via fallback".getBytes(UTF_8), request.request().uri()));
        });
    }

    @AfterEach
    void stop() {
        client.close();
        loops.close();
        server.stop(0);
        serverThreads.close();
    }

    @Test
    void sequentialRequestsReuseOneConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, send("GET", "http://127.0.0.1:" + port + "/target", null).status());
        }
        assertEquals(1, clientPorts.size(), "client ports seen: " + clientPorts);
    }

    @Test
    void retriesAnIdempotentRequestWhenThePooledConnectionWasClosedBeforeAnswering() throws Exception {
        assertEquals(2, staleConnectionThenFresh("GET").accepted());
    }

    @Test
    void neverRetriesAPostThatMayHaveReachedTheServer() throws Exception {
        StaleRun run = staleConnectionThenFresh("POST");
        assertInstanceOf(IOException.class, run.failure());
        assertEquals("server closed the connection before responding", run.failure().getMessage());
        assertEquals(1, run.accepted(), "the POST was not sent again");
    }

    private record StaleRun(int accepted, Throwable failure) {
    }

    /**
     * A server that answers one request, reads the next on the same connection and closes it
     * unanswered, then answers on a second connection if one comes; the second request is {@code method}.
     */
    private StaleRun staleConnectionThenFresh(String method) throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread serverThread = Thread.ofVirtual().start(() -> {
                try (Socket first = raw.accept()) {
                    accepted.incrementAndGet();
                    readRequestHead(first.getInputStream());
                    answer(first, "one");
                    readRequestHead(first.getInputStream()); // the reused connection's request: drop it unanswered
                } catch (IOException e) {
                    return;
                }
                try {
                    raw.setSoTimeout(2_000); // a client that does not retry never comes back
                    try (Socket second = raw.accept()) {
                        accepted.incrementAndGet();
                        readRequestHead(second.getInputStream());
                        answer(second, "two");
                    }
                } catch (IOException e) {
                    // no second connection: what a non-idempotent request must see
                }
            });
            String url = "http://127.0.0.1:" + raw.getLocalPort() + "/";
            assertEquals("one", new String(send("GET", url, null).body(), UTF_8));
            Throwable failure = null;
            try {
                assertEquals("two", new String(send(method, url, method.equals("GET") ? null : "b".getBytes(UTF_8)).body(), UTF_8));
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertTrue(serverThread.join(Duration.ofSeconds(10)));
            return new StaleRun(accepted.get(), failure);
        }
    }

    @Test
    void redirectSeeOtherTurnsPostIntoGetWithoutBody() throws Exception {
        ScriptHttpResponse response = send("POST", "http://127.0.0.1:" + port + "/moved/303/127.0.0.1", "data".getBytes(UTF_8));
        assertEquals(200, response.status());
        assertEquals(URI.create("http://127.0.0.1:" + port + "/target"), response.uri());
        Seen target = seen.poll(10, SECONDS);
        assertEquals("GET", target.method());
        assertArrayEquals(new byte[0], target.body());
    }

    @Test
    void temporaryRedirectKeepsMethodBodyAndCredentialsOnTheSameHost() throws Exception {
        send("PUT", "http://127.0.0.1:" + port + "/moved/307/127.0.0.1", "data".getBytes(UTF_8), "Authorization", "Bearer t");
        Seen target = seen.poll(10, SECONDS);
        assertEquals("PUT", target.method());
        assertEquals("data", new String(target.body(), UTF_8));
        assertEquals("Bearer t", target.authorization());
    }

    @Test
    void redirectToAnotherHostDropsCredentials() throws Exception {
        send("GET", "http://127.0.0.1:" + port + "/moved/302/localhost", null, "Authorization", "Bearer t");
        Seen target = seen.poll(10, SECONDS);
        assertEquals("localhost:" + port, target.host());
        assertNull(target.authorization());
    }

    @Test
    void stopsAfterTenRedirects() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> send("GET", "http://127.0.0.1:" + port + "/loop", null));
        assertEquals("stopped after 10 redirects", e.getCause().getMessage());
    }

    @Test
    void redirectToHttpsContinuesThroughTheFallback() throws Exception {
        ScriptHttpResponse response = send("POST", "http://127.0.0.1:" + port + "/to-https", "keep".getBytes(UTF_8));
        assertEquals("via fallback", new String(response.body(), UTF_8));
        PreparedRequest handed = handedToFallback.get();
        assertEquals(URI.create("https://secure.example/landing"), handed.request().uri());
        assertEquals("POST", handed.request().method());
        assertEquals("keep", new String(handed.body(), UTF_8));
    }

    @Test
    void abandonedExchangeClosesItsConnection() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<ScriptHttpResponse> pending =
                    client.send(request("GET", "http://127.0.0.1:" + raw.getLocalPort() + "/", null), 1024);
            try (Socket socket = raw.accept()) {
                socket.setSoTimeout(10_000); // bounds the test if the connection stayed open
                readRequestHead(socket.getInputStream());
                assertThrows(TimeoutException.class, () -> pending.get(50, java.util.concurrent.TimeUnit.MILLISECONDS));
                pending.cancel(true); // what MixHttpLib does when the deadline passes
                assertEquals(-1, socket.getInputStream().read(), "the client closed the connection");
            }
        }
    }

    @Test
    void connectionRefusedAndUnknownHostFailLikeTheJdkClient() throws Exception {
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send("GET", "http://127.0.0.1:" + closedPort + "/", null));
        assertInstanceOf(java.net.ConnectException.class, refused.getCause());
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> send("GET", "http://no-such-host.invalid/", null));
        assertInstanceOf(java.net.UnknownHostException.class, unknown.getCause());
    }

    private ScriptHttpResponse send(String method, String url, byte[] body, String... headers) throws Exception {
        return client.send(request(method, url, body, headers), 1 << 20).get(10, SECONDS);
    }

    private static PreparedRequest request(String method, String url, byte[] body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return new PreparedRequest(builder.build(), body, Duration.ofSeconds(10));
    }

    /** Reads up to the blank line after the headers, and the body its Content-Length announces. */
    private static void readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(UTF_8).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
        }
        for (String line : head.toString(UTF_8).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
    }

    private static void answer(Socket socket, String body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(UTF_8));
        out.flush();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
