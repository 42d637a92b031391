package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.core.UpstreamStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream feeds in a three-node Redis mesh: interest from any node drives the one owner's
 * upstream subscriptions (with linger), the provider sees one connection per feed, and the feed
 * moves to another node when its owner is killed (kill -9 of a node process) or loses Redis.
 */
class UpstreamMeshTest {
    private static final String OK = "{\"result\":true}";
    private static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"channel\":\"NKNUSDT@depth\"}";
    private static final String STREAM = "nknusdt@depth@100ms";
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static final Duration LINGER = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern API_PORT = Pattern.compile("API server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServer redis;
    private ReplayExchange exchange;
    private List<String> depth;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process child;
    private Path childDir;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        RecordedSession recorded = RecordedSession.read("BINANCE.ws.1.0");
        depth = recorded.binancePayloads(STREAM);
        exchange = new ReplayExchange(new ReplayExchange.Behavior() {
            @Override
            public void opened(ReplayExchange.Conn conn) { // Binance: the URL's streams select what is played
                Matcher m = Pattern.compile("streams=([^&]*)").matcher(conn.uri);
                Set<String> streams = m.find() ? Set.of(m.group(1).split("/")) : Set.of();
                for (String frame : recorded.received()) {
                    Matcher s = Pattern.compile("^\\{\"stream\":\"([^\"]*)\"").matcher(frame);
                    if (s.find() && streams.contains(s.group(1))) {
                        conn.send(frame);
                    }
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (childDir != null) {
            try (var files = Files.walk(childDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        exchange.close();
        redis.close();
    }

    private String upstreamsYaml() {
        return """
                  - name: binance
                    entry: scripts/upstreams/binance.lua
                    options: { url: "%s" }
                    linger: %dms
                """.formatted(exchange.url(""), LINGER.toMillis());
    }

    private String[] meshOverrides() {
        return new String[] {"redis.uri=redis://127.0.0.1:" + redis.port, "mesh.leaseTtl=" + LEASE_TTL.toMillis() + "ms",
                "mesh.interestTtl=1500ms", "mesh.interestReconcile=2s", "redis.commandTimeout=500ms"};
    }

    private UpstreamNode node() throws Exception {
        UpstreamNode node = UpstreamNode.start(upstreamsYaml(), meshOverrides());
        open.add(node);
        return node;
    }

    private WsClient subscriber(UpstreamNode node) throws Exception {
        WsClient client = WsClient.connect(node.wsUri());
        open.add(client);
        client.send(SUBSCRIBE);
        return client;
    }

    /** The next {@code count} texts from {@code client} that are not the subscribe reply. */
    private static List<String> collect(WsClient client, int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (got.size() < count) {
            String text = client.nextText();
            if (!text.equals(OK)) {
                got.add(text);
            }
        }
        return got;
    }

    private static UpstreamStatus status(UpstreamNode node) {
        return node.status("binance");
    }

    /** The one node that owns the feed, once every node agrees on it. */
    private static UpstreamNode owner(List<UpstreamNode> nodes) throws Exception {
        return Await.until("one owner all nodes agree on", WAIT, () -> {
            List<UpstreamNode> owning = nodes.stream().filter(n -> status(n).owned()).toList();
            if (owning.size() != 1) {
                return null;
            }
            Integer id = owning.getFirst().gateway.nodeId();
            return nodes.stream().allMatch(n -> id.equals(status(n).owner())) ? owning.getFirst() : null;
        }, Objects::nonNull);
    }

    @Test
    void interestOnAnyNodeDrivesTheOwnersOneUpstreamSubscriptionWithLinger() throws Exception {
        assertEquals(150, depth.size());
        List<UpstreamNode> nodes = List.of(node(), node(), node());
        UpstreamNode a = owner(nodes);
        List<UpstreamNode> others = nodes.stream().filter(n -> n != a).toList();
        UpstreamNode b = others.get(0);
        UpstreamNode c = others.get(1);
        assertTrue(exchange.connections.isEmpty(), "nobody wants anything yet: no upstream connection");

        WsClient onB = subscriber(b);
        assertEquals(depth, collect(onB, depth.size()), "the client on B gets the recorded updates, in order");
        assertEquals(1, exchange.connections.size());
        assertEquals("/stream?streams=" + STREAM, exchange.connections.getFirst().uri);
        Await.until("subscribed on the owner", WAIT, () -> a.state("binance", STREAM), "subscribed"::equals);
        assertEquals(List.of(), status(b).connections(), "a non-owner holds no upstream connection");
        assertEquals(List.of(), status(c).connections());

        WsClient onC = subscriber(c);
        assertEquals(OK, onC.nextText(), "C subscribed (the replay played everything already: no data follows)");
        onB.closeGracefully(); // C still wants it: nothing changes upstream
        onC.closeGracefully();
        long left = System.nanoTime();
        Await.until("the upstream connection closes after the linger", WAIT, () -> exchange.open().size(), n -> n == 0);
        long after = System.nanoTime() - left;
        assertTrue(after >= LINGER.toNanos(), "closed " + after / 1_000_000 + " ms after the last client left on C, "
                + "before the linger of " + LINGER.toMillis() + " ms");
        assertEquals(1, exchange.connections.size(), "the provider saw exactly one connection for the whole mesh");
        Await.until("the subscription is dropped on the owner", WAIT, () -> a.state("binance", STREAM), Objects::isNull);
    }

    @Test
    void aKilledOwnersFeedMovesToAnotherNodeWithinTheLeaseTtlAndTheClientGetsDataAgain() throws Exception {
        startChildNode();
        int childApi = Integer.parseInt(Await.until("the child node's API port", Duration.ofSeconds(30),
                () -> find(API_PORT), Objects::nonNull));
        Await.until("the child node owns the feed", WAIT, () -> childUpstream(childApi).path("owned").asBoolean(),
                owned -> owned);
        List<UpstreamNode> nodes = List.of(node(), node());
        int childId = childUpstream(childApi).path("owner").asInt();
        for (UpstreamNode n : nodes) {
            Await.until("every node sees the child own it", WAIT, () -> status(n).owner(), o -> o != null && o == childId);
            assertFalse(status(n).owned());
        }
        WsClient client = subscriber(nodes.get(0));
        assertEquals(depth, collect(client, depth.size()), "data through the child's upstream connection");
        assertEquals(1, exchange.connections.size());

        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start().waitFor();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        UpstreamNode next = Await.until("another node owns the feed", WAIT,
                () -> nodes.stream().filter(n -> status(n).owned()).findFirst().orElse(null), Objects::nonNull);
        long took = System.nanoTime() - killed;
        assertTrue(took < LEASE_TTL.toNanos() * 4 / 3 + Duration.ofSeconds(1).toNanos(),
                "took over " + took / 1_000_000 + " ms after the kill");
        assertEquals(depth, collect(client, depth.size()), "the client gets data again, from the new owner");
        assertEquals(2, exchange.connections.size(), "one connection per owner, never two at once");
        assertEquals(1, exchange.open().size());
        assertTrue(next.status("binance").connections().getFirst().open());
        Integer nextId = next.gateway.nodeId();
        for (UpstreamNode n : nodes) { // a non-owner learns the new holder at its next attempt (every leaseTtl/3)
            Await.until("every node shows the new owner", WAIT, () -> status(n).owner(), nextId::equals);
        }
    }

    @Test
    void anOwnerThatLosesRedisStopsInBoundedTimeNobodyDoubleConnectsAndTheFeedComesBack() throws Exception {
        List<UpstreamNode> nodes = List.of(node(), node(), node());
        UpstreamNode a = owner(nodes);
        UpstreamNode b = nodes.stream().filter(n -> n != a).findFirst().orElseThrow();
        WsClient client = subscriber(b);
        assertEquals(depth, collect(client, depth.size()));

        redis.stop();
        long down = System.nanoTime();
        Await.until("the owner stops owning", WAIT, () -> nodes.stream().noneMatch(n -> status(n).owned()), x -> x);
        long stopped = System.nanoTime() - down;
        assertTrue(stopped < LEASE_TTL.toNanos(), "stopped owning " + stopped / 1_000_000 + " ms after Redis went down");
        Await.until("its upstream connection closed", WAIT, () -> exchange.open().size(), n -> n == 0);
        long end = System.nanoTime() + LEASE_TTL.toNanos() * 4 / 3; // as long as a takeover would otherwise take
        while (System.nanoTime() < end) { // nobody can take the lease without Redis
            assertTrue(nodes.stream().noneMatch(n -> status(n).owned()));
            assertEquals(1, exchange.connections.size());
            TimeUnit.MILLISECONDS.sleep(50); // sampling the invariant while Redis is down, not waiting for an event
        }

        redis.start();
        owner(nodes);
        assertEquals(depth, collect(client, depth.size()), "the feed comes back for the client that stayed");
        assertEquals(2, exchange.connections.size());
        assertEquals(1, exchange.open().size());
    }

    private void startChildNode() throws Exception {
        childDir = Files.createTempDirectory("mixgate-upstream-mesh-");
        String shipped = Files.readString(Path.of("config/gateway.yaml"));
        Path config = childDir.resolve("gateway.yaml");
        Files.writeString(config, shipped.replaceFirst("(?m)^upstreams: \\[\\].*$",
                "upstreams:\n" + upstreamsYaml().stripTrailing()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.mixgate.Main", "--config", config.toString(),
                "--set", "servers[0].port=0", "--set", "apiServer.port=0", "--set", "servers[0].bind=127.0.0.1",
                "--set", "apiServer.bind=127.0.0.1"));
        for (String o : meshOverrides()) {
            command.add("--set");
            command.add(o);
        }
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(childDir.resolve("node.log").toFile())
                .start();
    }

    private String find(Pattern pattern) throws Exception {
        Matcher m = pattern.matcher(Files.readString(childDir.resolve("node.log")));
        return m.find() ? m.group(1) : null;
    }

    private static JsonNode childUpstream(int apiPort) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/v1/upstreams"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("r").path(0);
    }
}
