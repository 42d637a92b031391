package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's mesh chaos, case (c): three nodes on one real Redis (two in this JVM, the third a
 * child JVM), subscribers with offsets on every node (the shipped exchange script), a publisher
 * at a steady rate, and the child node killed with SIGKILL. Its clients reconnect to the other
 * nodes with their last offset and epoch. Every subscriber ends with every publication exactly
 * once and in order (or an explicit recovered:false / gap notice, counted: here the history holds
 * everything, so there must be none), and every publish answered 200 reached every subscriber.
 */
class HistoryNodeKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHANNEL = "ex:BTCUSDT@depth";
    private static final int PER_SECOND = 200;
    private static final Pattern WS_PORT = Pattern.compile("websocket server listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;
    private RedisServer redis;
    private final List<TestNode> nodes = new ArrayList<>();
    private Process child;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private PacedPublisher publisher;

    /** One client with offsets that reconnects with its last offset and epoch when its node dies. */
    private final class Subscriber {
        final Thread reader;
        final List<URI> fallbacks;
        volatile WsClient client;
        volatile long last;
        volatile String epoch;
        final Set<Integer> received = ConcurrentHashMap.newKeySet();
        final AtomicInteger reconnects = new AtomicInteger();
        final AtomicInteger recovered = new AtomicInteger();
        final AtomicInteger notices = new AtomicInteger();
        final ConcurrentLinkedQueue<String> silentGaps = new ConcurrentLinkedQueue<>();

        Subscriber(URI node, List<URI> fallbacks) throws Exception {
            this.fallbacks = fallbacks;
            this.client = WsClient.connect(node);
            JsonNode reply = JSON.readTree(client.ask("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"offsets\":true}"));
            this.last = reply.get("offset").asLong();
            this.epoch = reply.get("epoch").asText();
            this.reader = Thread.ofPlatform().daemon().name("subscriber").start(this::read);
        }

        private void read() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    WsClient.Message m = client.pollFor(100, TimeUnit.MILLISECONDS);
                    if (m == null && client.closed.isDone()) {
                        m = client.poll(); // the last ones may have come just before the close
                        if (m == null) {
                            reconnect();
                            continue;
                        }
                    }
                    if (m != null) {
                        take(JSON.readTree(m.text()));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                silentGaps.add("reader failed: " + e);
            }
        }

        private void reconnect() {
            URI to = fallbacks.get(reconnects.getAndIncrement() % fallbacks.size());
            client = WsClient.connect(to);
            client.send("{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\",\"since\":{\"offset\":" + last
                    + ",\"epoch\":\"" + epoch + "\"}}");
        }

        private void take(JsonNode j) {
            if (j.has("result")) { // the answer to a reconnect, after the missed publications
                if (j.get("recovered").asBoolean()) {
                    recovered.incrementAndGet();
                } else {
                    notices.incrementAndGet(); // explicit: reload a snapshot, go on from the top
                    last = j.get("offset").asLong();
                    epoch = j.get("epoch").asText();
                }
            } else if (j.has("gap")) {
                notices.incrementAndGet();
                last = j.get("offset").asLong();
                epoch = j.get("epoch").asText();
            } else if (j.has("offset")) {
                long offset = j.get("offset").asLong();
                String e = j.get("epoch").asText();
                if (!e.equals(epoch) || offset != last + 1) {
                    silentGaps.add("after " + last + "@" + epoch + " came " + offset + "@" + e);
                }
                last = offset;
                epoch = e;
                received.add(j.get("data").get("i").asInt());
            } else {
                silentGaps.add("unexpected: " + j);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.stop();
        }
        for (Subscriber s : subscribers) {
            s.reader.interrupt();
            s.reader.join(5_000);
            s.client.close();
        }
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        nodes.forEach(TestNode::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aNodeKilledWithSigkillLosesNothingSilently() throws Exception {
        redis = RedisServer.launch();
        String[] overrides = HistoryProtocolTest.withRules("redis.uri=" + redis.uri(), "history.rules[0].size=10000");
        for (int id = 1; id <= 2; id++) {
            List<String> all = new ArrayList<>(List.of(overrides));
            all.add("node.id=" + id);
            nodes.add(TestNode.start(all.toArray(String[]::new)));
        }
        URI doomed = startChild(overrides);
        List<URI> survivors = List.of(nodes.get(0).wsUri(), nodes.get(1).wsUri());
        for (TestNode node : nodes) {
            for (int i = 0; i < 2; i++) {
                subscribers.add(new Subscriber(node.wsUri(), survivors));
            }
        }
        List<Subscriber> onChild = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            onChild.add(new Subscriber(doomed, survivors));
        }
        subscribers.addAll(onChild);
        Await.until("three nodes subscribed", WAIT, () -> redis.subscribers("mixgate:c:" + CHANNEL, false), n -> n == 3);
        publisher = new PacedPublisher(nodes.get(0), CHANNEL, PER_SECOND);

        publisher.awaitPublished(200, WAIT);
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor());
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child node died");
        for (Subscriber s : onChild) {
            Await.until("a client of the dead node reconnected and recovered", WAIT, s.recovered::get, n -> n == 1);
        }
        publisher.awaitPublished(300, WAIT);

        publisher.stop();
        JsonNode top;
        try (WsClient c = WsClient.connect(nodes.get(1).wsUri())) {
            top = JSON.readTree(c.ask("{\"op\":\"current\",\"channel\":\"BTCUSDT@depth\"}"));
        }
        String at = top.get("offset").asLong() + "@" + top.get("epoch").asText();
        for (Subscriber s : subscribers) {
            Await.until("a subscriber reaches " + at, WAIT, () -> s.last + "@" + s.epoch, at::equals);
        }
        assertEquals(0, publisher.failures(), "Redis was up: every publish succeeded");
        assertEquals(publisher.answeredOk.size(), top.get("offset").asLong(), "one offset per publish");
        for (Subscriber s : subscribers) {
            assertEquals(List.of(), List.copyOf(s.silentGaps), "silent gaps");
            assertEquals(0, s.notices.get(), "the history held everything: nothing given up");
            assertEquals(publisher.answeredOk, s.received, "every publication reached every subscriber");
        }
        for (Subscriber s : onChild) {
            assertEquals(1, s.reconnects.get());
            assertEquals(1, s.recovered.get(), "resumed with recovered:true on a surviving node");
        }
    }

    private URI startChild(String[] overrides) throws Exception {
        Path log = dir.resolve("node3.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.mixgate.Main", "--config", "config/gateway.yaml"));
        List<String> sets = new ArrayList<>(List.of("servers[0].port=0", "apiServer.port=0", "servers[0].bind=127.0.0.1",
                "apiServer.bind=127.0.0.1", "servers[0].byteCodeExpires=0s", "node.id=3"));
        sets.addAll(List.of(overrides));
        for (String set : sets) {
            command.add("--set");
            command.add(set);
        }
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String port = Await.until("the child node's WebSocket port in its log", WAIT, () -> {
            Matcher m = WS_PORT.matcher(Files.readString(log));
            return m.find() ? m.group(1) : null;
        }, p -> p != null);
        return URI.create("ws://127.0.0.1:" + port + "/exchange-stream");
    }
}
