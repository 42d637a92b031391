package io.mixgate.script;

import io.mixgate.http.ScriptHttpClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The behaviour of {@code mix.http.request} that every {@link ScriptHttpClient} must show, run
 * against a real HTTP server; one subclass per client.
 */
abstract class MixHttpLibContract {

    /** What the server saw of one request to /echo. */
    private record Recorded(String method, String rawQuery, Headers headers, byte[] body) {
    }

    private final BlockingQueue<Recorded> recorded = new LinkedBlockingQueue<>();
    private final CountDownLatch hangReached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;
    private ScriptHttpClient client;
    private MixHttpLib lib;
    private String base;

    /** The client under test; called once per test, after the server started. */
    abstract ScriptHttpClient startClient();

    /** Releases what {@link #startClient()} built. */
    abstract void stopClient();

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        route("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            recorded.add(new Recorded(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body));
            respond(ex, 200, "ok");
        });
        route("/status/", ex -> {
            int status = Integer.parseInt(ex.getRequestURI().getPath().substring("/status/".length()));
            respond(ex, status, "status " + status);
        });
        route("/headers", ex -> {
            ex.getResponseHeaders().add("x-multi", "a");
            ex.getResponseHeaders().add("x-multi", "b");
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.getResponseHeaders().add("Set-Cookie", "session=abc123; Path=/; HttpOnly");
            ex.getResponseHeaders().add("Set-Cookie", "theme=\"dark\"");
            respond(ex, 200, "h");
        });
        route("/bytes", ex -> {
            String query = ex.getRequestURI().getQuery();
            byte[] body = "x".repeat(Integer.parseInt(query.replaceAll("\\D", ""))).getBytes(UTF_8);
            ex.sendResponseHeaders(200, query.contains("chunked") ? 0 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        route("/hang", ex -> {
            hangReached.countDown();
            release.await();
            respond(ex, 200, "late");
        });
        route("/stall", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("partial".getBytes(UTF_8));
            ex.getResponseBody().flush();
            release.await();
            ex.close();
        });
        route("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/echo?from=redirect");
            respond(ex, 302, "");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        client = startClient();
        lib = new MixHttpLib(client, Duration.ofSeconds(10));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        serverThreads.close();
        stopClient();
    }

    @Test
    void sendsPostBodyAndHeadersExactly() throws Exception {
        Varargs r = run("""
                return mix.http.request("post", base .. "/echo", {
                    body = "a\\0b\\255c",
                    headers = { ["X-Token"] = "t1", ["Content-Type"] = "application/octet-stream" },
                })""");
        assertEquals(200, r.arg1().get("status_code").toint());
        Recorded seen = recorded.poll(10, SECONDS);
        assertEquals("POST", seen.method());
        assertArrayEquals(new byte[] {'a', 0, 'b', (byte) 0xFF, 'c'}, seen.body());
        assertEquals("t1", seen.headers().getFirst("X-Token"));
        assertEquals("application/octet-stream", seen.headers().getFirst("Content-Type"));
        assertEquals("5", seen.headers().getFirst("Content-Length"));
    }

    @Test
    void addsNoContentTypeUnlessGiven() throws Exception {
        run("return mix.http.request('PUT', base .. '/echo', { body = '{}' })");
        Recorded seen = recorded.poll(10, SECONDS);
        assertEquals("PUT", seen.method());
        assertNull(seen.headers().getFirst("Content-Type"));
    }

    @Test
    void sendsFormBodyWithFormContentTypeLikeGluahttp() throws Exception {
        run("return mix.http.request('POST', base .. '/echo', { form = 'a=1&b=2' })");
        Recorded seen = recorded.poll(10, SECONDS);
        assertEquals("application/x-www-form-urlencoded", seen.headers().getFirst("Content-Type"));
        assertEquals("a=1&b=2", new String(seen.body(), UTF_8));
    }

    @Test
    void appendsQueryFromTableEncodingEachByte() throws Exception {
        run("return mix.http.request('GET', base .. '/echo?k=v', { query = { b = 'x y&z', a = 1, id = {'1', '2'} } })");
        assertEquals("k=v&a=1&b=x%20y%26z&id=1&id=2", recorded.poll(10, SECONDS).rawQuery());
    }

    @Test
    void appendsQueryFromStringEscapingOnlyIllegalCharacters() throws Exception {
        run("return mix.http.request('GET', base .. '/echo', { query = 'a=1&b=2' })");
        assertEquals("a=1&b=2", recorded.poll(10, SECONDS).rawQuery());
        run("return mix.http.request('GET', base .. '/echo', { query = 'q=hello world&r=%2F' })");
        assertEquals("q=hello%20world&r=%2F", recorded.poll(10, SECONDS).rawQuery());
    }

    @Test
    void sendsCookiesAsOneHeader() throws Exception {
        run("return mix.http.request('GET', base .. '/echo', { cookies = { b = '2', a = '1' } })");
        Headers headers = recorded.poll(10, SECONDS).headers();
        assertEquals(List.of("a=1; b=2"), headers.get("Cookie"));
    }

    @Test
    void returnsCookiesAndHeadersWithCanonicalNames() {
        LuaValue resp = run("return mix.http.request('GET', base .. '/headers')").arg1();
        LuaValue headers = resp.get("headers");
        assertEquals("a, b", headers.get("X-Multi").tojstring());
        assertEquals("text/plain", headers.get("Content-Type").tojstring());
        assertEquals("abc123", resp.get("cookies").get("session").tojstring());
        assertEquals("dark", resp.get("cookies").get("theme").tojstring());
    }

    @Test
    void sendsBasicAuth() throws Exception {
        run("return mix.http.request('GET', base .. '/echo', { auth = { username = 'alice', password = 's3cret' } })");
        assertEquals("Basic YWxpY2U6czNjcmV0", recorded.poll(10, SECONDS).headers().getFirst("Authorization"));
    }

    @Test
    void returnsErrorStatusesAsResponsesNotErrors() {
        for (int status : new int[] {404, 500}) {
            Varargs r = run("return mix.http.request('GET', base .. '/status/" + status + "')");
            assertTrue(r.arg(2).isnil(), "no error for " + status);
            assertEquals(status, r.arg1().get("status_code").toint());
            assertEquals("status " + status, r.arg1().get("body").tojstring());
        }
    }

    @Test
    void reportsBodySizeAndFinalUrlAfterRedirect() {
        LuaValue bytes = run("return mix.http.request('GET', base .. '/bytes?n=1000')").arg1();
        assertEquals(1000, bytes.get("body_size").toint());
        assertEquals(1000, bytes.get("body").length());
        LuaValue redirected = run("return mix.http.request('GET', base .. '/redirect')").arg1();
        assertEquals(base + "/echo?from=redirect", redirected.get("url").tojstring());
        assertEquals("ok", redirected.get("body").tojstring());
    }

    @Test
    void timesOutWhenServerDoesNotAnswer() {
        Varargs r = withinBound(() -> run("return mix.http.request('GET', base .. '/hang', { timeout = 0.3 })"));
        assertTrue(r.arg1().isnil());
        assertEquals("http request GET " + base + "/hang failed: timed out after 300ms", r.arg(2).tojstring());
    }

    @Test
    void timesOutWhenBodyStallsAfterHeaders() {
        Varargs r = withinBound(() -> run("return mix.http.request('GET', base .. '/stall', { timeout = '500ms' })"));
        assertTrue(r.arg1().isnil());
        assertTrue(r.arg(2).tojstring().endsWith("timed out after 500ms"), r.arg(2).tojstring());
    }

    @Test
    void usesDefaultTimeoutWhenNoneGiven() {
        MixHttpLib quick = new MixHttpLib(client, Duration.ofMillis(200));
        Varargs r = withinBound(() -> run(quick, "return mix.http.request('GET', base .. '/hang')"));
        assertTrue(r.arg(2).tojstring().endsWith("timed out after 200ms"), r.arg(2).tojstring());
    }

    @Test
    void acceptsGoDurationStringsAndRejectsBadTimeouts() {
        assertEquals(200, run("return mix.http.request('GET', base .. '/echo', { timeout = '1h' })").arg1().get("status_code").toint());
        assertEquals(200, run("return mix.http.request('GET', base .. '/echo', { timeout = '1m30s' })").arg1().get("status_code").toint());
        Varargs bad = run("return mix.http.request('GET', base .. '/echo', { timeout = 'soon' })");
        assertTrue(bad.arg1().isnil());
        assertTrue(bad.arg(2).tojstring().startsWith("invalid timeout: soon"), bad.arg(2).tojstring());
        assertTrue(run("return mix.http.request('GET', base .. '/echo', { timeout = 0 })").arg1().isnil());
    }

    @Test
    void reportsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Varargs r = run("return mix.http.request('POST', 'http://127.0.0.1:" + port + "/x', { body = 'b' })");
        assertTrue(r.arg1().isnil());
        assertEquals("http request POST http://127.0.0.1:" + port + "/x failed: connection refused", r.arg(2).tojstring());
    }

    @Test
    void reportsUnknownHost() {
        Varargs r = withinBound(() -> run("return mix.http.request('GET', 'http://no-such-host.invalid/x')"));
        assertTrue(r.arg1().isnil());
        assertEquals("http request GET http://no-such-host.invalid/x failed: unknown host", r.arg(2).tojstring());
    }

    @Test
    void rejectsUrlsThatAreNotAbsoluteHttp() {
        for (String url : new String[] {"ftp://host/x", "not a url", "/relative", "http://", "mailto:a@b"}) {
            Varargs r = run("return mix.http.request('GET', '" + url + "')");
            assertTrue(r.arg1().isnil(), url);
            assertTrue(r.arg(2).tojstring().startsWith("invalid url: \"" + url + "\""), r.arg(2).tojstring());
        }
    }

    @Test
    void rejectsUnknownOptionsAndForbiddenHeaders() {
        assertEquals("unknown option: header",
                run("return mix.http.request('GET', base .. '/echo', { header = {} })").arg(2).tojstring());
        Varargs host = run("return mix.http.request('GET', base .. '/echo', { headers = { Host = 'evil' } })");
        assertTrue(host.arg1().isnil());
        assertTrue(host.arg(2).tojstring().startsWith("invalid header Host"), host.arg(2).tojstring());
    }

    @Test
    void raisesLuaArgumentErrorsForWrongTypes() {
        Varargs r = run("""
                local ok1, e1 = pcall(mix.http.request, {}, base)
                local ok2, e2 = pcall(mix.http.request, 'GET', base, 'opts')
                local ok3, e3 = pcall(mix.http.request, 'GET', base, { headers = { X = {} } })
                return ok1, e1, ok2, e2, ok3, e3""");
        for (int i = 1; i <= 5; i += 2) {
            assertFalse(r.arg(i).toboolean());
            assertTrue(r.arg(i + 1).tojstring().contains("bad argument #"), r.arg(i + 1).tojstring());
        }
        assertTrue(r.arg(6).tojstring().contains("opts.headers.X: string expected, got table"));
    }

    @Test
    void rejectsResponseBodiesOverTheLimit() {
        MixHttpLib small = new MixHttpLib(client, Duration.ofSeconds(10), 1024);
        assertEquals(1024, run(small, "return mix.http.request('GET', base .. '/bytes?n=1024')").arg1().get("body_size").toint());
        for (String query : new String[] {"n=2048", "n=2048&chunked"}) {
            Varargs r = run(small, "return mix.http.request('GET', base .. '/bytes?" + query + "')");
            assertTrue(r.arg1().isnil(), query);
            assertTrue(r.arg(2).tojstring().endsWith("response body too large (limit 1024 bytes)"), r.arg(2).tojstring());
        }
    }

    @Test
    void returnsInterruptedAndKeepsTheInterruptFlag() throws Exception {
        AtomicReference<Varargs> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = Thread.ofVirtual().start(() -> {
            result.set(run("return mix.http.request('GET', base .. '/hang', { timeout = 60 })"));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertTrue(hangReached.await(10, SECONDS));
        caller.interrupt();
        assertTrue(caller.join(Duration.ofSeconds(10)));
        assertTrue(result.get().arg(2).tojstring().endsWith("failed: interrupted"), result.get().arg(2).tojstring());
        assertTrue(stillInterrupted.get());
    }

    /**
     * Every request is held at the server until all of them have arrived, so the test can only
     * pass if the calls are in flight at the same time; serialised calls would each give up
     * waiting and get 503. No wall-clock ratio is needed.
     */
    @Test
    void concurrentCallsOnVirtualThreadsDoNotSerialise() throws Exception {
        int calls = 32;
        CountDownLatch arrived = new CountDownLatch(calls);
        AtomicBoolean gaveUp = new AtomicBoolean();
        route("/together", ex -> {
            arrived.countDown();
            boolean together = !gaveUp.get() && arrived.await(5, SECONDS);
            gaveUp.compareAndSet(false, !together);
            respond(ex, together ? 200 : 503, together ? "together" : "alone");
        });
        List<Future<LuaValue>> responses = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                responses.add(callers.submit(
                        () -> run("return mix.http.request('GET', base .. '/together', { timeout = 20 })").arg1()));
            }
            for (Future<LuaValue> response : responses) {
                LuaValue resp = response.get(30, SECONDS);
                assertFalse(resp.isnil(), "request failed");
                assertEquals("together", resp.get("body").tojstring());
            }
        }
    }

    /** Fails instead of hanging the build if a deadline is not honoured. */
    private static Varargs withinBound(ThrowingSupplier<Varargs> call) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), call);
    }

    private Varargs run(String lua) {
        return run(lib, lua);
    }

    private Varargs run(MixHttpLib library, String lua) {
        Globals globals = JsePlatform.standardGlobals();
        LuaTable mix = new LuaTable();
        globals.set("mix", mix);
        library.install(mix);
        globals.set("base", base);
        return globals.load(lua, "t.lua").invoke();
    }

    private void route(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (Exception e) {
                // the client gave up (timeout, cancel); nothing left to answer
            }
        });
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
