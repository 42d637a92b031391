package io.mixgate;

import io.mixgate.config.ConfigLoader;
import io.mixgate.core.UpstreamStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A real node on free ports, from the shipped config with its {@code upstreams: []} replaced by a YAML list. */
final class UpstreamNode implements AutoCloseable {
    final Gateway gateway;

    private UpstreamNode(Gateway gateway) {
        this.gateway = gateway;
    }

    /** @param upstreamsYaml the list's entries, each line indented by two spaces ({@code "  - name: ..."}) */
    static UpstreamNode start(String upstreamsYaml, String... overrides) throws Exception {
        String shipped = Files.readString(Path.of("config/gateway.yaml"));
        String yaml = shipped.replaceFirst("(?m)^upstreams: \\[\\].*$", "upstreams:\n" + upstreamsYaml.stripTrailing());
        if (yaml.equals(shipped)) {
            throw new IllegalStateException("config/gateway.yaml has no 'upstreams: []' line");
        }
        Path file = Files.createTempFile("mixgate-upstreams-", ".yaml");
        Files.writeString(file, yaml);
        List<String> all = new ArrayList<>(List.of("servers[0].port=0", "apiServer.port=0", "servers[0].bind=127.0.0.1",
                "apiServer.bind=127.0.0.1"));
        all.addAll(Arrays.asList(overrides));
        try {
            return new UpstreamNode(Gateway.start(ConfigLoader.load(file, all), Clock.systemUTC()));
        } finally {
            Files.delete(file);
        }
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + gateway.serverPort(0) + "/exchange-stream");
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + gateway.apiPort() + path);
    }

    UpstreamStatus status(String name) {
        return gateway.upstreams().status(name);
    }

    /** The state of {@code key} in upstream {@code name}, or null when it is not wanted. */
    String state(String name, String key) {
        return status(name).subscriptions().stream().filter(s -> s.key().equals(key))
                .map(UpstreamStatus.Subscription::state).findFirst().orElse(null);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
