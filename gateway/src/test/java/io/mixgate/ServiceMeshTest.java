package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services in a mesh of nodes on one real Redis: a {@code mode: one} service runs on exactly one
 * node (its lease) and moves to another when its node is killed (kill -9 of a node process); its
 * interest hooks hear subscribers of every node.
 */
class ServiceMeshTest {
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static final Pattern ALIVE = Pattern.compile("^alive (\\w+) (\\d+)$");

    /** Publishes "alive TAG n" every 50 ms and what its interest hooks hear, TAG naming its node. */
    private static final String SERVICE = """
            local tag = mix.server.option("tag")
            local n = 0
            function on_start(svc)
              svc:watch_interest("ex:*@depth")
              mix.timer.every(50, function()
                n = n + 1
                mix.mesh.publish("alive", "alive " .. tag .. " " .. n)
              end)
            end
            function on_channel_wanted(svc, channel) mix.mesh.publish("hooks", "wanted " .. tag .. " " .. channel) end
            function on_channel_unwanted(svc, channel) mix.mesh.publish("hooks", "unwanted " .. tag .. " " .. channel) end
            """;

    @TempDir
    Path dir;
    private RedisServer redis;
    private ScriptDir scripts;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process child;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.launch();
        scripts = new ScriptDir(dir);
        scripts.write("svc/alive.lua", SERVICE);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        redis.close();
    }

    @Test
    void aModeOneServiceRunsOnOneNodeAndHearsSubscribersOfEveryNode() throws Exception {
        Map<ServiceNodeHarness, String> nodes = new LinkedHashMap<>();
        for (String tag : List.of("A", "B", "C")) {
            nodes.put(node(tag), tag);
        }
        ServiceNodeHarness first = nodes.keySet().iterator().next();
        WsClient alive = track(first.subscriber("alive"));
        String owner = tagOf(alive.nextText());
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < 40; i++) { // two seconds of heartbeats: more than a lease renewal period
            tags.add(tagOf(alive.nextText()));
        }
        assertEquals(Set.of(owner), tags, "exactly one node runs the mode: one service");

        WsClient hooks = track(first.subscriber("hooks"));
        ServiceNodeHarness other = nodes.entrySet().stream().filter(e -> !e.getValue().equals(owner)).findFirst()
                .orElseThrow().getKey();
        WsClient depth = other.subscriber("ex:NKNUSDT@depth");
        assertEquals("wanted " + owner + " ex:NKNUSDT@depth", hooks.nextText(),
                "the owner hears a subscriber that is on another node");
        depth.closeGracefully();
        assertEquals("unwanted " + owner + " ex:NKNUSDT@depth", hooks.nextText(),
                "and hears it leave (the last subscriber anywhere)");
    }

    @Test
    void aKilledOwnersServiceMovesToAnotherNodeWithinTheLeaseTtl() throws Exception {
        Path log = startChildNode("K");
        Await.until("the child node listens (and contends for the lease from its start)", Duration.ofSeconds(60),
                () -> Files.readString(log), text -> text.contains("API server listening"));
        List<ServiceNodeHarness> nodes = List.of(node("A"), node("B"));
        WsClient alive = track(nodes.get(0).subscriber("alive"));
        Await.until("the child node runs the service", Duration.ofSeconds(60), () -> tagOf(alive.nextText()), "K"::equals);
        for (int i = 0; i < 10; i++) {
            assertEquals("K", tagOf(alive.nextText()), "the child keeps it while alive: " + Files.readString(log));
        }

        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start().waitFor();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        String next = Await.until("another node runs the service", Duration.ofSeconds(15), () -> tagOf(alive.nextText()),
                tag -> !tag.equals("K"));
        long took = System.nanoTime() - killed;
        assertNotEquals("K", next);
        assertTrue(took < LEASE_TTL.toNanos() * 4 / 3 + Duration.ofSeconds(2).toNanos(),
                "took over " + took / 1_000_000 + " ms after the kill");
        for (int i = 0; i < 10; i++) {
            assertEquals(next, tagOf(alive.nextText()), "one node runs it after the takeover");
        }
    }

    private ServiceNodeHarness node(String tag) throws Exception {
        ServiceNodeHarness node = ServiceNodeHarness.start(scripts, services(), "", "", overrides(tag).toArray(String[]::new));
        open.add(node);
        return node;
    }

    private String services() {
        return "  - {name: alive, entry: " + dir.resolve("svc/alive.lua") + ", mode: one, byteCodeExpires: 0s}\n";
    }

    private List<String> overrides(String tag) {
        return List.of("services[0].options.tag=" + tag, "redis.uri=redis://127.0.0.1:" + redis.port,
                "mesh.leaseTtl=" + LEASE_TTL.toMillis() + "ms", "mesh.interestTtl=1500ms", "mesh.interestReconcile=2s",
                "redis.commandTimeout=500ms");
    }

    /** A node in a child process (so that it can be killed with -9), running the service with {@code tag}; its log. */
    private Path startChildNode(String tag) throws Exception {
        String yaml = Files.readString(Path.of("config/gateway.yaml"))
                .replaceFirst("(?m)^services: \\[\\].*$", Matcher.quoteReplacement("services:\n" + services().stripTrailing()));
        Path config = dir.resolve("child.yaml");
        Files.writeString(config, yaml);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.mixgate.Main", "--config", config.toString(),
                "--set", "servers[0].port=0", "--set", "apiServer.port=0", "--set", "servers[0].bind=127.0.0.1",
                "--set", "apiServer.bind=127.0.0.1"));
        for (String o : overrides(tag)) {
            command.add("--set");
            command.add(o);
        }
        Path log = dir.resolve("child.log");
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return log;
    }

    private WsClient track(WsClient client) {
        open.add(client);
        return client;
    }

    private static String tagOf(String heartbeat) {
        Matcher m = ALIVE.matcher(heartbeat);
        if (!m.matches()) {
            throw new AssertionError("not a heartbeat: " + heartbeat);
        }
        return m.group(1);
    }
}
