package io.mixgate;

import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A real node on free ports, started from the shipped config/gateway.yaml plus overrides. */
final class TestNode implements AutoCloseable {
    final Gateway gateway;

    private TestNode(Gateway gateway) {
        this.gateway = gateway;
    }

    /** The shipped config with every port set to 0, plus {@code overrides}. */
    static TestNode start(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("servers[0].port=0", "apiServer.port=0", "servers[0].bind=127.0.0.1",
                "apiServer.bind=127.0.0.1"));
        all.addAll(Arrays.asList(overrides));
        GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"), all);
        return new TestNode(Gateway.start(config, Clock.systemUTC()));
    }

    /** The shipped config with its {@code redis.cluster} list set to {@code seeds}; see {@link #withYamlLine}. */
    static TestNode withClusterSeeds(List<String> seeds, String... overrides) throws Exception {
        return withYamlLine("  cluster: []", "  cluster: [" + String.join(", ", seeds) + "]", overrides);
    }

    /** The shipped config with its {@code redis.sentinel.nodes} list set to {@code sentinels}. */
    static TestNode withSentinels(List<String> sentinels, String... overrides) throws Exception {
        return withYamlLine("    nodes: []", "    nodes: [" + String.join(", ", sentinels) + "]", overrides);
    }

    /**
     * The shipped config with the line starting with {@code line} replaced, every port 0, plus
     * {@code overrides}: lists cannot be given as overrides.
     */
    private static TestNode withYamlLine(String line, String replacement, String... overrides) throws Exception {
        String shipped = java.nio.file.Files.readString(Path.of("config/gateway.yaml"));
        String yaml = shipped.replaceFirst("(?m)^" + java.util.regex.Pattern.quote(line), replacement);
        if (yaml.equals(shipped)) {
            throw new IllegalStateException("config/gateway.yaml has no line starting with '" + line + "'");
        }
        Path file = java.nio.file.Files.createTempFile("mixgate-test-", ".yaml");
        java.nio.file.Files.writeString(file, yaml);
        List<String> all = new ArrayList<>(List.of("servers[0].port=0", "apiServer.port=0", "servers[0].bind=127.0.0.1",
                "apiServer.bind=127.0.0.1"));
        all.addAll(Arrays.asList(overrides));
        try {
            return new TestNode(Gateway.start(ConfigLoader.load(file, all), Clock.systemUTC()));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** A node whose first server runs the test script {@code gateway/src/test/resources/lua/<name>}. */
    static TestNode withScript(String name, String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("servers[0].entry=gateway/src/test/resources/lua/" + name));
        all.addAll(Arrays.asList(overrides));
        return start(all.toArray(String[]::new));
    }

    URI wsUri() {
        return wsUri(0, "/exchange-stream");
    }

    URI wsUri(int server, String path) {
        return URI.create("ws://127.0.0.1:" + gateway.serverPort(server) + path);
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + gateway.apiPort() + path);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
