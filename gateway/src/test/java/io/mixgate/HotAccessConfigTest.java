package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mixgate.api.access.BasicCredentials;
import io.mixgate.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real node started from a config file in a temp folder: its API's users, and its log level,
 * follow edits of the file without a restart; a broken edit changes nothing.
 */
class HotAccessConfigTest {
    private static final String PUBLISH = "{\"c\":\"room:1\",\"d\":\"aGk=\",\"t\":\"text\"}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;
    private Path file;
    private Gateway gateway;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;

    @BeforeEach
    void captureLogs() {
        rootLevel = root.getLevel();
        logs.start();
        for (Class<?> source : List.of(HotConfig.class, ApiAccessControl.class)) {
            ((Logger) LoggerFactory.getLogger(source)).addAppender(logs);
        }
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        for (Class<?> source : List.of(HotConfig.class, ApiAccessControl.class)) {
            ((Logger) LoggerFactory.getLogger(source)).detachAppender(logs);
        }
        root.setLevel(rootLevel);
    }

    private static String yaml(String level, String access) {
        return """
                logging:
                  level: %s
                servers:
                  - port: 0
                    bind: 127.0.0.1
                    byteCodeExpires: 0s
                apiServer:
                  port: 0
                  bind: 127.0.0.1
                  maxBodySize: 16777216
                access:
                %s
                """.formatted(level, access.indent(2).stripTrailing());
    }

    private void start(String yaml) throws Exception {
        file = folder.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        gateway = Gateway.start(ConfigLoader.load(file, List.of()), Clock.systemUTC());
        gateway.watchConfig(file, List.of());
    }

    private int status(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.apiPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString(PUBLISH)
                        : HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", BasicCredentials.header(user, password));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private boolean logged(Level level, String text) {
        return logs.list.stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
    }

    @Test
    void editedUsersApplyToTheNextRequestWithoutARestart() throws Exception {
        start(yaml("info", "users:\n  - {username: ops, password: one, roles: [read, write]}"));
        assertEquals(200, status("GET", "/v1/nodes", "ops", "one"));
        assertEquals(401, status("GET", "/v1/nodes", null, null), "with users, loopback needs credentials too");
        assertEquals(200, status("GET", "/health", null, null));
        assertTrue(logged(Level.INFO, "API access: 1 user(s)"), logs.list.toString());

        Files.writeString(file, yaml("info", "users:\n  - {username: ops, password: two, roles: [read]}\n"
                + "  - {username: viewer, password: three, roles: [read], host: '10.*.*.*'}")
                .replace("maxBodySize: 16777216", "maxBodySize: 1048576"));

        Eventually.until("the new password works", () -> status("GET", "/v1/nodes", "ops", "two") == 200);
        assertEquals(401, status("GET", "/v1/nodes", "ops", "one"));
        assertEquals(403, status("POST", "/v1/mesh/publish", "ops", "two"), "the write role was taken away");
        assertEquals(403, status("GET", "/v1/nodes", "viewer", "three"), "10.*.*.* does not match 127.0.0.1");
        Eventually.until("the cold change is logged", () -> logged(Level.INFO, "needs a restart: apiServer.maxBodySize"));
    }

    @Test
    void withoutUsersLoopbackClientsGetInAndTheStartSaysSo() throws Exception {
        start(yaml("info", "users: []"));
        assertEquals(200, status("POST", "/v1/mesh/publish", null, null));
        assertTrue(logged(Level.INFO, "API access: no users configured, serving loopback clients only"), logs.list.toString());

        Files.writeString(file, yaml("info", "unauthenticated: all\nusers: []"));
        Eventually.until("all is warned about", () -> logged(Level.WARN, "access.unauthenticated is all"));
        assertEquals(200, status("POST", "/v1/mesh/publish", null, null));
    }

    @Test
    void anEditedLogLevelTakesEffect() throws Exception {
        start(yaml("info", "users: []"));
        root.setLevel(Level.INFO);

        Files.writeString(file, yaml("debug", "users: []"));

        Eventually.until("the root logger is at debug", () -> root.getLevel() == Level.DEBUG);
        assertTrue(logged(Level.INFO, "logging.level is now debug"));
    }

    @Test
    void aBrokenEditKeepsTheRunningSettingsAndNamesKeyAndValue() throws Exception {
        start(yaml("info", "users:\n  - {username: ops, password: one, roles: [read, write]}"));

        Files.writeString(file, yaml("info", "users:\n  - {username: ops, password: two, roles: [read]}\n"
                + "  - {username: bad, password: x, roles: [admin]}"));

        Eventually.until("the bad value is logged", () -> logged(Level.ERROR,
                "access.users[1].roles[0]: \"admin\" (expected: read or write); the running settings stay"));
        assertEquals(200, status("POST", "/v1/mesh/publish", "ops", "one"));
        assertEquals(401, status("GET", "/v1/nodes", "ops", "two"));
    }
}
